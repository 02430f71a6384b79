package io.tributary.integration.source;

/** Where an integration's publishes are counted (its statistics). */
public interface PublishCounters {
    PublishCounters NONE = new PublishCounters() {
        @Override
        public void offered() {
        }

        @Override
        public void accepted() {
        }

        @Override
        public void failed() {
        }
    };

    /** A publish was handed to the broker (or refused before). */
    void offered();

    /** The broker accepted it. */
    void accepted();

    /** It was refused or could not be stored. */
    void failed();
}
