package dev.cachelab.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachelab.codec.Codec;
import dev.cachelab.memo.Memoizer;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cache-core as the named module {@code dev.cachelab.core}, used by an application module: the test compiles a small
 * module, {@code probe}, against cache-core's own {@code target/classes} (its module-info included), puts both in a
 * module layer of their own, and calls the probe. So the module descriptor is checked inside the build — what it
 * exports, that nothing else is required — and the messages a modular user meets at a module boundary:
 * {@code Memoizer.proxy} on an interface its module does not export, {@code Codec.canonical} on a record its module
 * does not open. Caffeine is not in the layer but on this test's class path, as in a modular application that keeps
 * it there: {@code Stores.caffeine()} must still work.
 *
 * <p>The probe module: {@code probe.api} is exported to cachelab, {@code probe.hidden} is not exported at all,
 * {@code probe.open} is opened to cachelab, and {@code probe.app} holds the calls this test makes.
 */
class ModuleBoundaryTest {

  private static final Map<String, String> PROBE = Map.of(
      "module-info.java", """
          module probe {
            requires dev.cachelab.core;
            exports probe.app;
            exports probe.api to dev.cachelab.core;
            opens probe.open to dev.cachelab.core;
          }
          """,
      "probe/api/Squares.java", "package probe.api; public interface Squares { long square(long x); }",
      "probe/api/PublicPoint.java", "package probe.api; public record PublicPoint(int x, int y) {}",
      "probe/api/PackagePoint.java", "package probe.api; record PackagePoint(int x, int y) {}",
      "probe/hidden/HiddenSquares.java", "package probe.hidden; public interface HiddenSquares { long square(long x); }",
      "probe/hidden/HiddenPoint.java", "package probe.hidden; public record HiddenPoint(int x, int y) {}",
      "probe/open/OpenPoint.java", "package probe.open; record OpenPoint(int x, int y) {}",
      "probe/app/Calls.java", """
          package probe.app;

          import dev.cachelab.Cache;
          import dev.cachelab.CacheBuilder;
          import dev.cachelab.codec.Codec;
          import dev.cachelab.codec.Codec;
import dev.cachelab.memo.Memoizer;
          import dev.cachelab.store.Stores;
          import java.util.concurrent.atomic.AtomicInteger;

          public final class Calls {
            public static String proxyOnAnExportedInterface() {
              AtomicInteger calls = new AtomicInteger();
              probe.api.Squares squares = Memoizer.proxy(probe.api.Squares.class, x -> {
                calls.incrementAndGet();
                return x * x;
              });
              return squares.square(12) + " " + squares.square(12) + " after " + calls + " call";
            }

            public static String proxyOnAHiddenInterface() {
              try {
                Memoizer.proxy(probe.hidden.HiddenSquares.class, x -> x * x);
                return "accepted";
              } catch (IllegalArgumentException e) {
                return e.getMessage();
              }
            }

            public static String canonical(String recordName) throws Exception {
              Class<?> type = Class.forName(recordName);
              var constructor = type.getDeclaredConstructor(int.class, int.class);
              constructor.setAccessible(true);   // the probe may: it is the record's own module
              Object point = constructor.newInstance(3, 4);
              try {
                Codec<Object> codec = Codec.canonical(type);
                Object back = codec.decode(codec.encode(point));
                return back.equals(point) ? "round trip" : "changed: " + back;
              } catch (IllegalArgumentException e) {
                return e.getMessage();
              }
            }

            public static String caffeineStore() {
              try (Cache<String, String> cache =
                  CacheBuilder.newBuilder().store(Stores.caffeine()).maximumSize(10).build()) {
                return cache.get("k", String::toUpperCase);
              }
            }
          }
          """);

  private static ModuleLayer layer;

  @BeforeAll
  static void buildTheProbeModule(@TempDir Path dir) throws IOException, URISyntaxException {
    Path cachelab = Path.of(Memoizer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    assertTrue(Files.exists(cachelab.resolve("module-info.class")), "cache-core's classes have a module-info: "
        + cachelab);
    Path sources = dir.resolve("src");
    for (Map.Entry<String, String> file : PROBE.entrySet()) {
      Path path = sources.resolve(file.getKey());
      Files.createDirectories(path.getParent());
      Files.writeString(path, file.getValue());
    }
    Path classes = dir.resolve("classes");
    List<String> options = List.of("--release", "17", "-d", classes.toString(), "--module-path", cachelab.toString());
    List<Path> files;
    try (var walk = Files.walk(sources)) {
      files = walk.filter(p -> p.toString().endsWith(".java")).toList();
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter errors = new StringWriter();
    try (StandardJavaFileManager fileManager = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
      boolean compiled = javac.getTask(errors, fileManager, null, options, null,
          fileManager.getJavaFileObjectsFromPaths(files)).call();
      assertTrue(compiled, "the probe module compiles against dev.cachelab.core:\n" + errors);
    }

    Configuration configuration = ModuleLayer.boot().configuration()
        .resolve(ModuleFinder.of(classes, cachelab), ModuleFinder.of(), Set.of("probe"));
    layer = ModuleLayer.boot().defineModulesWithOneLoader(configuration, ClassLoader.getSystemClassLoader());
  }

  private static String call(String method, Object... args) throws Exception {
    Class<?> calls = layer.findLoader("probe").loadClass("probe.app.Calls");
    Class<?>[] types = new Class<?>[args.length];
    Arrays.fill(types, String.class);
    Method m = calls.getMethod(method, types);
    return (String) m.invoke(null, args);
  }

  @Test
  void cachelabIsANamedModuleInTheLayer_requiringOnlyJavaBase() {
    Module core = layer.findModule("dev.cachelab.core").orElseThrow();
    assertEquals(Set.of("dev.cachelab", "dev.cachelab.codec", "dev.cachelab.memo", "dev.cachelab.policy",
        "dev.cachelab.store"), core.getDescriptor().exports().stream()
        .filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()),
        "the API packages are exported; dev.cachelab.internal is not");
    assertTrue(core.getDescriptor().requires().stream()
        .allMatch(r -> r.name().equals("java.base") || r.modifiers().contains(
            ModuleDescriptor.Requires.Modifier.STATIC)),
        "every dependency but java.base is optional: " + core.getDescriptor().requires());
  }

  @Test
  void proxy_onAnInterfaceInAPackageExportedToCachelab_memoizes() throws Exception {
    assertEquals("144 144 after 1 call", call("proxyOnAnExportedInterface"));
  }

  @Test
  void proxy_onAnInterfaceInAPackageNotExported_blamesTheModuleBoundaryAndSaysWhatToExport() throws Exception {
    assertEquals("Memoizer.proxy(HiddenSquares.class, target) calls HiddenSquares's methods on the target, but "
        + "module probe does not export package probe.hidden to module dev.cachelab.core: add 'exports probe.hidden "
        + "to dev.cachelab.core;' to the module-info.java of probe, or move HiddenSquares to a package that module "
        + "probe exports", call("proxyOnAHiddenInterface"));
  }

  @Test
  void canonical_onRecordsCachelabMayReach_roundTrips() throws Exception {
    assertEquals("round trip", call("canonical", "probe.api.PublicPoint"), "a public record, exported package");
    assertEquals("round trip", call("canonical", "probe.open.OpenPoint"), "a package-private record, open package");
  }

  @Test
  void canonical_onARecordInAPackageNotOpen_saysWhatToOpen() throws Exception {
    assertEquals("Codec.canonical(HiddenPoint.class) reads and rebuilds record probe.hidden.HiddenPoint by "
        + "reflection, but module probe does not open package probe.hidden to module dev.cachelab.core: add 'opens "
        + "probe.hidden to dev.cachelab.core;' to the module-info.java of probe, or make HiddenPoint public in a "
        + "package that module probe exports", call("canonical", "probe.hidden.HiddenPoint"));
    assertEquals("Codec.canonical(PackagePoint.class) reads and rebuilds record probe.api.PackagePoint by "
        + "reflection, but module probe does not open package probe.api to module dev.cachelab.core: add 'opens "
        + "probe.api to dev.cachelab.core;' to the module-info.java of probe, or make PackagePoint public",
        call("canonical", "probe.api.PackagePoint"));
  }

  @Test
  void caffeineStore_works_withCaffeineOnTheClassPathOfAModularApplication() throws Exception {
    assertEquals("K", call("caffeineStore"));
  }

  @Test
  void onTheClassPath_aLocalRecordStillRoundTrips_becauseTheUnnamedModuleOpensEverything() {
    record Point(int x, int y) {}
    Codec<Object> codec = Codec.canonical(Point.class);
    assertEquals(new Point(1, 2), codec.decode(codec.encode(new Point(1, 2))));
  }
}
