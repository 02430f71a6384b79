package io.tributary.plugin.api;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/** The plugin contract stays small and host-free: plugins must never see host types. */
class PluginApiArchitectureTest {
    private final JavaClasses api = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.tributary.plugin.api");

    @Test
    void dependsOnlyOnTheJdkPf4jAndSlf4j() {
        classes().should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "io.tributary.plugin.api..", "org.pf4j..", "org.slf4j..")
                .because("plugins must not see Netty, Jackson, Jdbi, Kafka or platform types")
                .check(api);
    }

    @Test
    void publicTypesAreMarkedWithSince() {
        classes().that().arePublic().and().areTopLevelClasses()
                .should(new com.tngtech.archunit.lang.ArchCondition<>("document @since in their javadoc source") {
                    @Override
                    public void check(com.tngtech.archunit.core.domain.JavaClass item,
                                      com.tngtech.archunit.lang.ConditionEvents events) {
                        java.nio.file.Path src = java.nio.file.Path.of("src/main/java",
                                item.getName().replace('.', '/') + ".java");
                        try {
                            if (!java.nio.file.Files.readString(src).contains("@since")) {
                                events.add(com.tngtech.archunit.lang.SimpleConditionEvent.violated(item,
                                        item.getName() + " has no @since"));
                            }
                        } catch (java.io.IOException e) {
                            events.add(com.tngtech.archunit.lang.SimpleConditionEvent.violated(item,
                                    "cannot read " + src));
                        }
                    }
                })
                .check(api);
    }
}
