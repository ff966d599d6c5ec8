package io.meridian.sync.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The OCI client's facade ({@code RegistryClient}, {@code OciTransport}) and its value types in
 * {@code io.meridian.sync.oci} are the only way in: the per-call classes ({@code oci.blob}, {@code oci.manifest},
 * {@code oci.listing}, {@code oci.auth}) and the request path ({@code oci.internal}) are reached from inside the
 * client only, as jib keeps its registry calls behind {@code RegistryClient}.
 */
class OciFacadeTest {

    private static final JavaClasses CLASSES = importOnce();

    private static JavaClasses importOnce() {
        // Only our classes: resolving every dependency from the classpath (AWS SDK, Jackson) costs ~20 s.
        com.tngtech.archunit.ArchConfiguration.get().setResolveMissingDependenciesFromClassPath(false);
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.meridian.sync");
    }

    static final String[] PER_CALL = {"io.meridian.sync.oci.blob..", "io.meridian.sync.oci.manifest..",
        "io.meridian.sync.oci.listing..", "io.meridian.sync.oci.auth..", "io.meridian.sync.oci.internal.."};

    @Test
    void onlyTheClientReachesItsPerCallClasses() {
        noClasses().that().resideOutsideOfPackage("io.meridian.sync.oci..")
                .should().dependOnClassesThat().resideInAnyPackage(PER_CALL)
                .because("the facade RegistryClient and the value types are the OCI client's API")
                .check(CLASSES);
        assertThat(CLASSES.stream().anyMatch(c -> c.getPackageName().equals("io.meridian.sync.oci.blob"))).isTrue();
        assertThat(CLASSES.stream().anyMatch(c -> c.getPackageName().equals("io.meridian.sync.transfer"))).isTrue();
    }
}
