package org.nftgen.jobs;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/**
 * No package of nftgen (both modules' production classes; a package and its subpackages count as
 * one, so {@code metrics.eval} belongs to {@code metrics}) depends on one that depends back on it:
 * each can be understood, changed and tested from the ones below it.
 */
class PackageCyclesTest {

  @Test
  void noPackageDependsOnOneThatDependsOnIt() {
    JavaClasses classes = new ClassFileImporter()
        // Production classes only, from build folders or the common module's jar alike.
        .withImportOption(location -> !location.contains("/test-classes/") && !location.contains("-tests.jar"))
        .importPackages("org.nftgen");
    if (classes.size() < 100) {
      throw new AssertionError("Found only " + classes.size() + " classes of org.nftgen: the check would prove nothing");
    }
    slices().matching("org.nftgen.(*)..").should().beFreeOfCycles().check(classes);
  }
}
