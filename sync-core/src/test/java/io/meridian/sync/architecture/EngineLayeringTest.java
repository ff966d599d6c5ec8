package io.meridian.sync.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The engine's algorithms (plan, transfer, resilience) are plain Java over the OCI client;
 * Spring (Batch and JDBC) is confined to {@code sync.batch}, and nothing below the job
 * reaches up into it.
 */
class EngineLayeringTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.meridian.sync");

    private static final String[] ALGORITHMS = {
        "io.meridian.sync.plan..", "io.meridian.sync.route..", "io.meridian.sync.transfer..",
        "io.meridian.sync.resilience..", "io.meridian.sync.select..", "io.meridian.sync.gate.."};

    @Test
    void algorithmsUseNoSpring() {
        noClasses().that().resideInAnyPackage(ALGORITHMS)
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta.servlet..")
                .because("Spring wiring lives in sync.batch and server (CONVENTIONS.md)")
                .check(CLASSES);
        assertThat(CLASSES.stream().anyMatch(c -> c.getPackageName().equals("io.meridian.sync.transfer"))).isTrue();
    }

    @Test
    void algorithmsDoNotDependOnTheJob() {
        noClasses().that().resideInAnyPackage(ALGORITHMS)
                .should().dependOnClassesThat().resideInAPackage("io.meridian.sync.batch..")
                .check(CLASSES);
    }

    @Test
    void theOciClientKnowsNothingOfTheEngine() {
        noClasses().that().resideInAPackage("io.meridian.sync.oci..")
                .should().dependOnClassesThat().resideInAnyPackage(ALGORITHMS)
                .orShould().dependOnClassesThat().resideInAPackage("io.meridian.sync.batch..")
                .check(CLASSES);
    }

    @Test
    void theRulesCanFail() {
        ArchRule batchUsesSpring = noClasses().that().resideInAPackage("io.meridian.sync.batch..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..");
        assertThatThrownBy(() -> batchUsesSpring.check(CLASSES)).isInstanceOf(AssertionError.class);
    }
}
