package io.tributary.integration.commons.template;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TemplateFieldsTest {
    private final List<String> errors = new ArrayList<>();

    private Template compile(String text, Map<String, String> metadata) {
        return TemplateFields.compile("url", "entry 'x': ", text, metadata, (field, message) -> errors.add(field + ": " + message));
    }

    @Test
    void validTemplatesCompileWithoutErrors() {
        assertThat(compile("https://h/${topic}/${metadata.site}", Map.of("site", "s"))).isNotNull();
        assertThat(compile(null, Map.of()).isEmpty()).isTrue();
        assertThat(errors).isEmpty();
    }

    @Test
    void unknownPlaceholdersAndMissingMetadataAreErrorsOnTheField() {
        assertThat(compile("${payloads}", Map.of())).isNull();
        assertThat(compile("${metadata.site}", Map.of("other", "v"))).isNull();
        assertThat(errors).containsExactly(
                "url: entry 'x': unknown placeholder ${payloads}; use " + Template.KNOWN,
                "url: entry 'x': ${metadata.site} names no key of the integration's metadata");
    }

    @Test
    void theSampleMessageHasEveryLevelATemplateUses() throws TemplateException {
        assertThat(TemplateFields.expandForSample(Template.compile("${topicLevel[3]}|${topicLevel[6]}|${integrationName}"),
                Map.of())).isEqualTo("status|level6|integration");
        assertThat(TemplateFields.sampleMessage(-1).topic()).isEqualTo(TemplateFields.SAMPLE_TOPIC);
        assertThat(TemplateFields.sampleMessage(-1).clientId()).isEqualTo(TemplateFields.SAMPLE_CLIENT_ID);
    }
}
