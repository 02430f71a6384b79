package io.tributary.plugin.api.check;

import java.util.Map;

/**
 * Where {@link io.tributary.plugin.api.IntegrationPlugin#check} reports.
 *
 * @since 0.1
 */
public interface CheckOutput {
    /**
     * One step of the check, in the order performed, e.g. ("bootstrap reachable", true,
     * "1 broker"), ("authentication", false, "SASL authentication failed").
     */
    void step(String name, boolean ok, String detail);

    /**
     * What the sample message would become in the external system, as plain JSON values
     * (String, Number, Boolean, List, Map). Never include secrets.
     */
    void sampleRecord(Map<String, Object> record);
}
