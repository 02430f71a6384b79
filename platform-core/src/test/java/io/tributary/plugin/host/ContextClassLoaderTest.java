package io.tributary.plugin.host;

import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLClassLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContextClassLoaderTest {
    private final ClassLoader other = new URLClassLoader(new URL[0], null);

    @Test
    void setsTheLoaderForTheCallAndRestoresIt() throws Exception {
        ClassLoader before = Thread.currentThread().getContextClassLoader();

        ClassLoader seen = ContextClassLoader.call(other, () -> Thread.currentThread().getContextClassLoader());

        assertThat(seen).isSameAs(other);
        assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(before);
    }

    @Test
    void restoresTheLoaderWhenTheCallThrows() {
        ClassLoader before = Thread.currentThread().getContextClassLoader();

        assertThatThrownBy(() -> ContextClassLoader.call(other, () -> {
            throw new java.io.IOException("boom");
        })).isInstanceOf(java.io.IOException.class).hasMessage("boom");
        assertThatThrownBy(() -> ContextClassLoader.run(other, () -> {
            throw new IllegalStateException("bang");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(before);
    }

    @Test
    void runAndGetUseTheLoader() {
        ClassLoader[] seen = new ClassLoader[1];
        ContextClassLoader.run(other, () -> seen[0] = Thread.currentThread().getContextClassLoader());
        assertThat(seen[0]).isSameAs(other);
        assertThat(ContextClassLoader.get(other, () -> Thread.currentThread().getContextClassLoader())).isSameAs(other);
    }
}
