package io.meridian.sync.oci;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;

/**
 * The OCI client's facade rule, shared (test-jar) by sync-core's {@code ArchitectureTest} and server's
 * {@code LibraryIndependenceTest}: no class outside {@code io.meridian.sync.oci..} reaches its per-call classes.
 */
public final class OciFacadeRule {

    private OciFacadeRule() {
    }

    public static ArchRule onlyTheClientReachesItsPerCallClasses() {
        return noClasses().that().resideOutsideOfPackage("io.meridian.sync.oci..")
                .should().dependOnClassesThat().resideInAnyPackage("io.meridian.sync.oci.blob..",
                        "io.meridian.sync.oci.manifest..", "io.meridian.sync.oci.listing..",
                        "io.meridian.sync.oci.auth..", "io.meridian.sync.oci.internal..")
                .because("the facade RegistryClient and the value types are the OCI client's API");
    }
}
