package io.tributary.integration.commons.template;

import io.tributary.plugin.api.message.IntegrationMessage;
import io.tributary.plugin.testkit.SampleMessages;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TemplateTest {
    private static final IntegrationMessage MSG = SampleMessages.builder("tbmq/devices/device-01/status", new byte[0])
            .qos(2).retain(true).build();

    private static String render(String text) throws TemplateException {
        return Template.compile(text).bind("My integration", Map.of("site", "plant1")).render(MSG);
    }

    @Test
    void expandsEveryPlaceholder() throws TemplateException {
        assertThat(render("${topic}")).isEqualTo("tbmq/devices/device-01/status");
        assertThat(render("${clientId}")).isEqualTo(SampleMessages.CLIENT_ID);
        assertThat(render("${qos}/${retain}")).isEqualTo("2/true");
        assertThat(render("${integrationName}")).isEqualTo("My integration");
        assertThat(render("${topicLevel[0]}.${topicLevel[2]}.${topicLevel[3]}")).isEqualTo("tbmq.device-01.status");
        assertThat(render("${metadata.site}")).isEqualTo("plant1");
    }

    @Test
    void missingValuesAreEmpty() throws TemplateException {
        assertThat(render("x${topicLevel[4]}y")).isEqualTo("xy");
        assertThat(render("x${metadata.none}y")).isEqualTo("xy");
        IntegrationMessage trailing = SampleMessages.builder("a//b/", new byte[0]).build();
        assertThat(Template.compile("${topicLevel[1]}|${topicLevel[2]}|${topicLevel[3]}").render(trailing))
                .isEqualTo("|b|");
    }

    @Test
    void staticTextIsUsedAsIs() throws TemplateException {
        Template t = Template.compile("tbmq.messages");
        assertThat(t.isConstant()).isTrue();
        assertThat(t.render(MSG)).isEqualTo("tbmq.messages");
        assertThat(render("cost $5 {not} a placeholder")).isEqualTo("cost $5 {not} a placeholder");
        assertThat(render("")).isEmpty();
    }

    @Test
    void integrationValuesBecomeConstantsWhenBound() throws TemplateException {
        Template t = Template.compile("${integrationName}-${metadata.site}");
        assertThat(t.isConstant()).isFalse();
        assertThat(t.metadataKeys()).containsExactly("site");
        assertThat(t.bind("n", Map.of("site", "s")).isConstant()).isTrue();
        assertThat(Template.compile("${topic}").bind("n", Map.of()).isConstant()).isFalse();
    }

    @Test
    void rejectsUnknownAndUnclosedPlaceholders() {
        assertThatThrownBy(() -> Template.compile("${payloads}")).isInstanceOf(TemplateException.class)
                .hasMessageStartingWith("unknown placeholder ${payloads}; use ${topic}");
        assertThatThrownBy(() -> Template.compile("${Topic}")).isInstanceOf(TemplateException.class);
        assertThatThrownBy(() -> Template.compile("${metadata.}")).isInstanceOf(TemplateException.class);
        assertThatThrownBy(() -> Template.compile("${topicLevel[-1]}")).isInstanceOf(TemplateException.class);
        assertThatThrownBy(() -> Template.compile("a-${topic")).isInstanceOf(TemplateException.class)
                .hasMessageStartingWith("unclosed placeholder '${topic'");
    }

    @Test
    void escapesOnlyValuesTakenFromTheMessage() throws TemplateException {
        IntegrationMessage m = SampleMessages.builder("a b/c&d", new byte[0]).clientId("x?y").build();
        Template t = Template.compile("/p q/${topicLevel[0]}/${clientId}?t=${topic}").bind("n", Map.of());
        assertThat(t.render(m, v -> "<" + v + ">")).isEqualTo("/p q/<a b>/<x?y>?t=<a b/c&d>");
        assertThat(t.render(m)).isEqualTo("/p q/a b/x?y?t=a b/c&d");
        assertThat(Template.compile("${qos}${retain}").render(m, v -> "[" + v + "]")).isEqualTo("[1][false]");
    }

    @Test
    void reportsTheHighestTopicLevel() throws TemplateException {
        assertThat(Template.compile("${topicLevel[3]}${topicLevel[12]}").maxTopicLevel()).isEqualTo(12);
        assertThat(Template.compile("static").maxTopicLevel()).isEqualTo(-1);
    }
}
