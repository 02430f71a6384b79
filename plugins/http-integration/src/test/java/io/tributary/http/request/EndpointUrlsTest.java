package io.tributary.http.request;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

class EndpointUrlsTest {
    @Test
    void escapesEverythingButUnreservedCharactersAndSlashes() {
        assertThat(EndpointUrls.escape("tbmq/devices/device-01_a.b~c")).isEqualTo("tbmq/devices/device-01_a.b~c");
        assertThat(EndpointUrls.escape("a b?c#d&e=f+g%h")).isEqualTo("a%20b%3Fc%23d%26e%3Df%2Bg%25h");
        assertThat(EndpointUrls.escape("temp\u00e9\u20ac")).isEqualTo("temp%C3%A9%E2%82%AC");
        assertThat(EndpointUrls.escape("")).isEmpty();
    }

    @Test
    void showsUrlsWithoutTheirQuery() {
        assertThat(EndpointUrls.forDisplay(URI.create("https://h:8443/a/b?key=secret"))).isEqualTo("https://h:8443/a/b?…");
        assertThat(EndpointUrls.forDisplay(URI.create("http://h"))).isEqualTo("http://h/");
    }

    @Test
    void onlyHttpUrlsWithAHostAreRequested() {
        assertThat(EndpointUrls.problem("HTTPS://h/x")).isEmpty();
        assertThat(EndpointUrls.problem("http://h/x#frag")).hasValueSatisfying(p -> assertThat(p).contains("#fragment"));
        assertThat(EndpointUrls.problem("mailto:a@b")).contains("must start with http:// or https://");
    }
}
