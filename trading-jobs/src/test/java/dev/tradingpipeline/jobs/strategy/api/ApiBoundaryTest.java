package dev.tradingpipeline.jobs.strategy.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages user strategies compile against ({@code api}, and {@code spec} for a strategy's
 * configuration entry) stand on their own: no public signature in them names a type of the
 * engine, the configuration reader, the Spark job or any other package of the job, so the engine
 * can change without breaking users' strategies.
 */
class ApiBoundaryTest {

    private static final String STRATEGY = "dev.tradingpipeline.jobs.strategy.";
    private static final Set<String> USER_PACKAGES = Set.of(STRATEGY + "api", STRATEGY + "spec");

    @Test
    void publicSignaturesOfTheApiAndSpecNameOnlyTheirOwnTypesAndTheJdks() throws Exception {
        List<Class<?>> types = new ArrayList<>();
        for (String p : USER_PACKAGES) {
            types.addAll(classesOf(p));
        }
        assertThat(types).extracting(Class::getSimpleName).contains("Strategy", "DayChain", "Order", "StrategySpec");

        Set<String> leaks = new TreeSet<>();
        for (Class<?> type : types) {
            if (!Modifier.isPublic(type.getModifiers())) {
                continue;
            }
            List<Type> named = new ArrayList<>();
            if (type.getGenericSuperclass() != null) {
                named.add(type.getGenericSuperclass());
            }
            named.addAll(List.of(type.getGenericInterfaces()));
            for (Method m : type.getDeclaredMethods()) {
                if (visible(m)) {
                    named.add(m.getGenericReturnType());
                    named.addAll(List.of(m.getGenericParameterTypes()));
                    named.addAll(List.of(m.getGenericExceptionTypes()));
                }
            }
            for (Constructor<?> c : type.getDeclaredConstructors()) {
                if (visible(c)) {
                    named.addAll(List.of(c.getGenericParameterTypes()));
                }
            }
            for (Field f : type.getDeclaredFields()) {
                if (visible(f)) {
                    named.add(f.getGenericType());
                }
            }
            for (Type t : named) {
                for (Class<?> c : classes(t, new ArrayList<>())) {
                    String pkg = c.getPackageName();
                    if (pkg.startsWith("dev.tradingpipeline.") && !USER_PACKAGES.contains(pkg)) {
                        leaks.add(type.getName() + " -> " + c.getName());
                    }
                }
            }
        }
        assertThat(leaks).as("engine or job types in the user-facing API").isEmpty();
    }

    private static boolean visible(Member m) {
        return (Modifier.isPublic(m.getModifiers()) || Modifier.isProtected(m.getModifiers())) && !m.isSynthetic();
    }

    private static List<Class<?>> classes(Type t, List<Class<?>> into) {
        if (t instanceof Class<?> c) {
            into.add(c.isArray() ? c.getComponentType() : c);
        } else if (t instanceof ParameterizedType p) {
            classes(p.getRawType(), into);
            for (Type a : p.getActualTypeArguments()) {
                classes(a, into);
            }
        } else if (t instanceof WildcardType w) {
            Stream.concat(Stream.of(w.getUpperBounds()), Stream.of(w.getLowerBounds())).forEach(b -> classes(b, into));
        } else if (t instanceof GenericArrayType a) {
            classes(a.getGenericComponentType(), into);
        } else if (t instanceof TypeVariable<?> v) {
            for (Type b : v.getBounds()) {
                classes(b, into);
            }
        }
        return into;
    }

    /** The classes of a package, nested ones included, from the directory or jar this test's classes were loaded from. */
    private static List<Class<?>> classesOf(String pkg) throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(DayChain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> found = new ArrayList<>();
        if (Files.isDirectory(root)) {
            collect(root, pkg, found);
        } else {
            try (FileSystem jar = FileSystems.newFileSystem(root, Map.of())) {
                collect(jar.getPath("/"), pkg, found);
            }
        }
        return found;
    }

    private static void collect(Path root, String pkg, List<Class<?>> into) throws IOException, ClassNotFoundException {
        Path dir = root.resolve(pkg.replace('.', '/'));
        List<String> names;
        try (Stream<Path> files = Files.list(dir)) {
            names = files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".class") && !n.equals("package-info.class")).sorted().toList();
        }
        for (String n : names) {
            into.add(Class.forName(pkg + "." + n.substring(0, n.length() - ".class".length()), false,
                    ApiBoundaryTest.class.getClassLoader()));
        }
    }
}
