package io.meridian.sync.helm;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The chart repository clients are a plain-Java library: no Spring, no Batch, nothing of the job. */
class HelmLayeringTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.meridian.sync");

    @Test
    void usesNoSpringAndNotTheJob() {
        assertThat(CLASSES.stream().filter(c -> c.getPackageName().equals("io.meridian.sync.helm")).count())
                .isGreaterThan(10);
        noClasses().that().resideInAPackage("io.meridian.sync.helm..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta.servlet..",
                        "io.meridian.sync.batch..")
                .check(CLASSES);
    }
}
