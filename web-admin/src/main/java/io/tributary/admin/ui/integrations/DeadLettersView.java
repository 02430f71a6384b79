package io.tributary.admin.ui.integrations;

import io.tributary.admin.deadletters.DeadLetterView;
import io.tributary.integration.deadletter.DeadLetter;
import io.tributary.integration.deadletter.DeadLetterService;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * One page of an integration's dead letters, newest first; the next (older) page starts below
 * the last id shown.
 *
 * @param total      dead letters the integration holds
 * @param before     paging cursor (id, exclusive), or {@code null} for the newest
 * @param nextBefore cursor of the next page, or {@code null} when this is the last
 */
public record DeadLettersView(long total, List<Row> rows, Long before, Long nextBefore) {
    static final int PAGE_SIZE = 20;
    /** Characters of a payload shown in the table. */
    static final int PREVIEW_CHARS = 120;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    /**
     * A dead letter as the table shows it.
     *
     * @param preview the payload's start as text, or {@code null} when it is not UTF-8 text
     * @param size    payload bytes
     */
    public record Row(long id, long time, String timeText, String topic, String clientId, int qos, boolean retain,
                      int attempts, String error, String preview, boolean truncated, int size) {
    }

    static DeadLettersView load(DeadLetterService deadLetters, String integrationId, Long before) {
        List<DeadLetter> page = deadLetters.list(integrationId, PAGE_SIZE + 1, before == null ? 0 : before);
        boolean more = page.size() > PAGE_SIZE;
        List<Row> rows = (more ? page.subList(0, PAGE_SIZE) : page).stream().map(DeadLettersView::row).toList();
        return new DeadLettersView(deadLetters.count(integrationId), rows, before,
                more ? rows.get(rows.size() - 1).id() : null);
    }

    private static Row row(DeadLetter d) {
        byte[] payload = d.message().payload() == null ? new byte[0] : d.message().payload();
        String text = DeadLetterView.text(payload);
        boolean truncated = text != null && text.length() > PREVIEW_CHARS;
        return new Row(d.id(), d.time(), TIME.format(Instant.ofEpochMilli(d.time())), d.message().topic(),
                d.message().publisherId(), d.message().qos(), d.message().retain(), d.attempts(), d.error(),
                truncated ? text.substring(0, PREVIEW_CHARS) : text, truncated, payload.length);
    }
}
