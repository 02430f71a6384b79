package io.tributary.secrets;

import io.tributary.config.StoredSettings;

/**
 * Proves at start that the configured key is the one the stored secrets were encrypted with: a
 * known text sealed under the key (setting {@value #SETTING}). A wrong or lost key stops the
 * start with a clear message instead of handing plugins garbage.
 */
public final class SecretKeyCheck {
    /** Setting holding the sealed check text. */
    public static final String SETTING = "secret.key-check";
    private static final String TEXT = "tributary secret key check";

    /** What the check found. */
    public enum Result {
        /** The current key is the right one. */
        CURRENT_KEY,
        /** Only the previous key opens the stored secrets: they are to be encrypted again. */
        PREVIOUS_KEY,
        /** Nothing was stored yet; the check now names the current key. */
        NEW
    }

    private SecretKeyCheck() {
    }

    /**
     * @throws SecretBox.WrongKeyException when neither configured key opens the stored check
     */
    public static Result verify(StoredSettings settings, SecretBox box) {
        String stored = settings.get(SETTING).orElse(null);
        if (stored == null) {
            settings.put(SETTING, box.seal(TEXT));
            return Result.NEW;
        }
        if (box.opensWithCurrentKey(stored)) {
            return Result.CURRENT_KEY;
        }
        if (box.hasPreviousKey()) {
            try {
                box.open(stored);
                return Result.PREVIOUS_KEY;
            } catch (SecretBox.WrongKeyException e) {
                // fall through: neither key
            }
        }
        throw new SecretBox.WrongKeyException("The secret key does not match the one the stored secrets were "
                + "encrypted with. Start with that key (secret.key / TRIBUTARY_SECRET_KEY, or the file "
                + SecretKeys.FILE_NAME + " in data.dir); to change keys, set secret.key-previous "
                + "(TRIBUTARY_SECRET_KEY_PREVIOUS) to the old key and secret.key to the new one");
    }

    /** After a rotation: the check names the current key. */
    public static void renew(StoredSettings settings, SecretBox box) {
        settings.put(SETTING, box.seal(TEXT));
    }
}
