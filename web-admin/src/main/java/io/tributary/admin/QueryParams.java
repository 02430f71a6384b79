package io.tributary.admin;

import io.javalin.http.Context;

import java.util.Locale;

/** Query parameters of the API, checked: a bad one is a {@link BadRequestException} naming it. */
public final class QueryParams {
    private QueryParams() {
    }

    /** A whole number within {@code [min, max]}, or {@code fallback} when absent or blank. */
    public static long number(Context ctx, String name, long fallback, long min, long max) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(value.trim());
            if (n < min || n > max) {
                throw new BadRequestException(name + " must be between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new BadRequestException(name + " must be a whole number");
        }
    }

    /** {@code true} or {@code false} (any case), or {@code fallback} when absent or blank. */
    public static boolean bool(Context ctx, String name, boolean fallback) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new BadRequestException(name + " must be true or false");
        };
    }
}
