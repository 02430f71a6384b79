package io.tributary.admin.integrations;

import io.tributary.integration.IntegrationDefinition;
import io.tributary.integration.IntegrationDefinition.AdditionalInfo;
import io.tributary.integration.IntegrationDefinition.Configuration;
import io.tributary.integration.runtime.StatusView;

/**
 * An integration as the API returns it: the TBMQ shape (secrets masked) plus the read-only
 * {@code status} and {@code statistics} from the runtime.
 */
record IntegrationView(String id, String name, String type, boolean enabled, Configuration configuration,
                       AdditionalInfo additionalInfo, long createdTime, StatusView status,
                       IntegrationStatisticsView statistics) {

    static IntegrationView of(IntegrationDefinition d, StatusView status, IntegrationStatisticsView statistics) {
        return new IntegrationView(d.id(), d.name(), d.type(), d.enabled(), d.configuration(), d.additionalInfo(),
                d.createdTime(), status, statistics);
    }
}
