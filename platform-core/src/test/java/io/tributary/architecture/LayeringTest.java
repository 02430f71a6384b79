package io.tributary.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import io.tributary.broker.MqttBroker;
import io.tributary.plugin.api.IntegrationPlugin;
import io.tributary.plugin.api.runtime.Integration;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * platform-core's package layering, written down and enforced (after Kafka's import-control):
 * the features (broker, integration, plugin, secrets, storage) form no cycle; storage implements
 * interfaces the features own; only {@code plugin.host} touches PF4J and plugin objects.
 */
class LayeringTest {
    /** platform-core's own classes (the plugin API, on the class path too, has its own rules). */
    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("/io/tributary/plugin/api/"))
            .importPackages("io.tributary");

    /**
     * One slice per top-level package ({@code broker.*}, {@code integration.*}, {@code plugin.*},
     * {@code storage}, ...). {@code storage.log}, the segment file that the broker's journal and
     * the integration logs are both built on, is a library of its own, and the composition roots
     * ({@code platform}, {@code Tributary}) wire everything and are not part of any slice.
     */
    private static final SliceAssignment FEATURES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass c) {
            String pkg = c.getPackageName();
            if (!pkg.startsWith("io.tributary.") || pkg.startsWith("io.tributary.platform")
                    || pkg.startsWith("io.tributary.plugin.api")) {
                return SliceIdentifier.ignore();
            }
            if (pkg.startsWith("io.tributary.storage.log")) {
                return SliceIdentifier.of("storage.log");
            }
            return SliceIdentifier.of(pkg.substring("io.tributary.".length()).split("\\.")[0]);
        }

        @Override
        public String getDescription() {
            return "top-level packages of platform-core";
        }
    };

    @Test
    void theFeaturePackagesFormNoCycle() {
        slices().assignedFrom(FEATURES).should().beFreeOfCycles().check(CORE);
    }

    @Test
    void theBrokersPackagesFormNoCycleBelowItsBootstrap() {
        // MqttBroker builds the broker (Netty server, transport, protocol, core): it may use every package
        slices().matching("io.tributary.broker.(**)").should().beFreeOfCycles()
                .ignoreDependency(DescribedPredicate.describe("MqttBroker", c -> c.isEquivalentTo(MqttBroker.class)),
                        DescribedPredicate.alwaysTrue())
                .check(CORE);
    }

    @Test
    void featuresDoNotDependOnTheirStorage() {
        noClasses().that().resideInAnyPackage("io.tributary.broker..", "io.tributary.integration..",
                        "io.tributary.plugin..", "io.tributary.secrets..", "io.tributary.config..")
                .should().dependOnClassesThat().resideInAPackage("io.tributary.storage")
                .because("storage implements the repository interfaces the features own (IntegrationStore, "
                        + "StoredSettings, AclRuleStore, ...)")
                .check(CORE);
    }

    @Test
    void onlyThePluginHostTouchesPf4j() {
        noClasses().that().resideOutsideOfPackage("io.tributary.plugin.host..")
                .should().dependOnClassesThat().resideInAPackage("org.pf4j..")
                .check(CORE);
    }

    @Test
    void onlyThePluginHostHoldsPluginObjects() {
        noClasses().that().resideOutsideOfPackage("io.tributary.plugin.host..")
                .should().dependOnClassesThat(assignableTo(IntegrationPlugin.class).or(assignableTo(Integration.class)))
                .because("every call into a plugin goes through its isolated handle (InstalledType, IsolatedIntegration)")
                .check(CORE);
    }

    @Test
    void onlyThePluginHostSwapsTheContextClassLoader() {
        noClasses().that().resideOutsideOfPackage("io.tributary.plugin.host..")
                .should().callMethod(Thread.class, "setContextClassLoader", ClassLoader.class)
                .because("LoaderSwap, used by the isolated handles, is the one place that does")
                .check(CORE);
    }
}
