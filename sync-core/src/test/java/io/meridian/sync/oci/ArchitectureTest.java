package io.meridian.sync.oci;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The OCI client is a plain library: no Spring, Batch, servlet or Jakarta imports. Its facade ({@code RegistryClient},
 * {@code OciTransport}) and value types in {@code io.meridian.sync.oci} are the only way in: the per-call classes
 * ({@code oci.blob}, {@code oci.manifest}, {@code oci.listing}, {@code oci.auth}) and the request path
 * ({@code oci.internal}) are reached from inside the client only, as jib keeps its registry calls behind its
 * {@code RegistryClient}.
 */
class ArchitectureTest {

    private static final JavaClasses CLASSES = importOnce();

    private static JavaClasses importOnce() {
        // Only our classes: resolving every dependency from the classpath (AWS SDK, Jackson) costs ~20 s.
        com.tngtech.archunit.ArchConfiguration.get().setResolveMissingDependenciesFromClassPath(false);
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.meridian.sync");
    }

    @Test
    void ociClientImportsNoFramework() {
        JavaClasses classes = CLASSES;
        noClasses().that().resideInAPackage("io.meridian.sync.oci..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta.servlet..",
                        "javax.servlet..", "org.quartz..")
                .check(classes);
    }

    @Test
    void onlyTheClientReachesItsPerCallClasses() {
        OciFacadeRule.onlyTheClientReachesItsPerCallClasses().check(CLASSES);
        org.assertj.core.api.Assertions.assertThat(CLASSES.stream()
                .anyMatch(c -> c.getPackageName().equals("io.meridian.sync.transfer"))).isTrue();
    }

    @Test
    void publicApiDoesNotDependOnWireDetailsOfOtherRegistryCalls() {
        JavaClasses classes = CLASSES;
        noClasses().that().resideInAPackage("io.meridian.sync.oci.manifest..")
                .should().dependOnClassesThat().resideInAnyPackage("io.meridian.sync.oci.blob..", "io.meridian.sync.oci.listing..")
                .check(classes);
    }
}
