package io.tributary.http.delivery;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Keeps the first bytes of a response body as text and discards the rest: enough to explain a
 * failure, never a whole (possibly huge) body in memory. The response counts as received as soon
 * as the excerpt is complete — at once for a success, whose body nobody reads — while the rest of
 * the body is drained so the connection can be reused.
 */
final class BodyExcerpt implements HttpResponse.BodySubscriber<String> {
    /** Bytes kept of a failure's body. */
    static final int LIMIT = 512;
    /** Characters shown of it. */
    static final int SHOWN = 200;

    private final byte[] kept;
    private int size;
    private final CompletableFuture<String> excerpt = new CompletableFuture<>();

    private BodyExcerpt(int limit) {
        this.kept = new byte[limit];
        if (limit == 0) {
            excerpt.complete("");
        }
    }

    /** Nothing of a 2xx body, an excerpt of any other. */
    static HttpResponse.BodyHandler<String> handler() {
        return info -> new BodyExcerpt(info.statusCode() / 100 == 2 ? 0 : LIMIT);
    }

    @Override
    public CompletionStage<String> getBody() {
        return excerpt;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        for (ByteBuffer b : items) {
            int n = Math.min(b.remaining(), kept.length - size);
            b.get(kept, size, n);
            size += n;
        }
        if (size == kept.length && !excerpt.isDone()) {
            excerpt.complete(text(true));
        }
    }

    @Override
    public void onError(Throwable throwable) {
        // the status is what matters: show what arrived
        excerpt.complete(text(false));
    }

    @Override
    public void onComplete() {
        excerpt.complete(text(false));
    }

    private String text(boolean more) {
        String s = new String(Arrays.copyOf(kept, size), StandardCharsets.UTF_8).replaceAll("\\s+", " ").trim();
        if (s.length() > SHOWN) {
            return s.substring(0, SHOWN) + "…";
        }
        return more ? s + "…" : s;
    }
}
