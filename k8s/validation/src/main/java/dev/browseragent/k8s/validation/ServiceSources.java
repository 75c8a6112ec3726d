package dev.browseragent.k8s.validation;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.EnumConstantDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.AnnotationExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.NormalAnnotationExpr;
import com.github.javaparser.ast.expr.SingleMemberAnnotationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a service's sources say about its configuration, read from the files themselves so that the manifests are
 * checked against the real set after every change: the keys of {@code application.properties}, of every
 * {@code @ConfigMapping} interface and {@code @ConfigProperty} (in the service and in common-model), the environment
 * variables named in {@code ${NAME:...}} expressions, the defaults given there, the Kafka topics and groups.
 */
public final class ServiceSources {

    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Z][A-Z0-9]*(_[A-Z0-9]+)+");
    private static final Pattern ENV_EXPRESSION = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::[^}]*)?}");
    /**
     * The settings of the ports a service listens on: the public HTTP port (the API's), the management port, the live
     * view's port (the worker's).
     */
    public static final String HTTP_PORT_KEY = "browser-agent.http.port";
    public static final String MANAGEMENT_PORT_KEY = "browser-agent.management.port";
    public static final String LIVE_PORT_KEY = "browser-agent.live.port";

    private final String module;
    private final Map<String, String> defaults = new TreeMap<>();
    private final Set<String> keys = new TreeSet<>();
    /** Prefixes of map-valued settings ({@code browser-agent.llm.model-map}): any key below them is valid. */
    private final Set<String> mapPrefixes = new TreeSet<>();
    private final Set<String> directEnvironment = new TreeSet<>();
    /** Seconds of the {@code Duration} constants whose names speak of a shutdown grace or drain. */
    private final Map<String, Long> drainConstants = new TreeMap<>();
    private final Properties properties = new Properties();
    private final String pom;
    /** The top-level interfaces of the sources read, by simple name: what a mapping may extend. */
    private final Map<String, ClassOrInterfaceDeclaration> interfaces = new HashMap<>();

    private ServiceSources(String module, String pom) {
        this.module = module;
        this.pom = pom;
    }

    /** Reads {@code repoRoot/module} (a Quarkus service) together with {@code repoRoot/common-model}. */
    public static ServiceSources read(Path repoRoot, String module) {
        Path moduleRoot = repoRoot.resolve(module);
        ServiceSources sources = new ServiceSources(module, Yaml.readString(moduleRoot.resolve("pom.xml")));
        sources.readProperties(moduleRoot.resolve("src/main/resources/application.properties"));
        List<CompilationUnit> units = Stream.of(moduleRoot.resolve("src/main/java"), repoRoot.resolve("common-model/src/main/java"))
                .flatMap(root -> javaFiles(root).stream()).map(ServiceSources::parse).toList();
        units.forEach(unit -> unit.getTypes().stream()
                .filter(type -> type instanceof ClassOrInterfaceDeclaration declaration && declaration.isInterface())
                .forEach(type -> sources.interfaces.put(type.getNameAsString(), (ClassOrInterfaceDeclaration) type)));
        units.forEach(sources::readJava);
        return sources;
    }

    public String module() {
        return module;
    }

    /** Every configuration key the service reads (profile-specific keys such as {@code %test.x} excluded). */
    public Set<String> keys() {
        return keys;
    }

    /** Whether an environment variable sets one of this service's settings. */
    public boolean acceptsEnvironmentVariable(String name) {
        if (directEnvironment.contains(name) || keys.stream().anyMatch(key -> toEnvironment(key).equals(name))) {
            return true;
        }
        return mapPrefixes.stream().anyMatch(prefix -> name.startsWith(toEnvironment(prefix) + "_"));
    }

    /** The default of a key (from application.properties or {@code @WithDefault}), if it has one. */
    public Optional<String> defaultValue(String key) {
        return Optional.ofNullable(defaults.get(key));
    }

    /** The value an environment variable list gives a key, else its default. */
    public Optional<String> effectiveValue(String key, Map<String, String> environment) {
        return Optional.ofNullable(environment.get(toEnvironment(key))).or(() -> defaultValue(key));
    }

    /**
     * The ports the service listens on, by setting, as an environment sets them, else their defaults: the public
     * HTTP port if the service has one (the worker has none), the management port of health and metrics, and the
     * live view's port if the service has one (the worker).
     */
    public Map<String, String> ports(Map<String, String> environment) {
        Map<String, String> ports = new LinkedHashMap<>();
        for (String key : List.of(HTTP_PORT_KEY, MANAGEMENT_PORT_KEY, LIVE_PORT_KEY)) {
            if (keys.contains(key)) {
                effectiveValue(key, environment).ifPresent(port -> ports.put(key, port));
            }
        }
        return ports;
    }

    public String property(String key) {
        return properties.getProperty(key);
    }

    /** Keys of application.properties (without profile), in no particular order. */
    public Set<String> propertyKeys() {
        return properties.stringPropertyNames();
    }

    /** Whether the service's pom names a dependency, e.g. {@code quarkus-smallrye-health}. */
    public boolean hasDependency(String artifactId) {
        return pom.contains("<artifactId>" + artifactId + "</artifactId>");
    }

    /** SmallRye Config's environment form of a key: non-alphanumerics become {@code _}, all upper case. */
    public static String toEnvironment(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
    }

    /** The string constants of a Java source file, e.g. the topic names of common-model's {@code Topics}. */
    public static Set<String> stringConstants(Path javaFile) {
        return new LinkedHashSet<>(namedStringConstants(javaFile).values());
    }

    /** The string constants of a Java source file by field name, e.g. {@code TASKS -> tasks}. */
    public static Map<String, String> namedStringConstants(Path javaFile) {
        Map<String, String> constants = new LinkedHashMap<>();
        parse(javaFile).findAll(FieldDeclaration.class, field -> field.isStatic() && field.isFinal())
                .forEach(field -> field.getVariables().forEach(variable -> variable.getInitializer()
                        .filter(Expression::isStringLiteralExpr)
                        .ifPresent(value -> constants.put(variable.getNameAsString(),
                                value.asStringLiteralExpr().asString()))));
        return constants;
    }

    private void readProperties(Path file) {
        String text = Yaml.readString(file);
        try {
            properties.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String key : properties.stringPropertyNames()) {
            String value = properties.getProperty(key);
            collectEnvironmentNames(value);
            if (!key.startsWith("%")) {
                keys.add(key);
                defaults.put(key, value);
            }
        }
    }

    private void readJava(CompilationUnit unit) {
        unit.findAll(ClassOrInterfaceDeclaration.class, type -> type.getAnnotationByName("ConfigMapping").isPresent())
                .forEach(mapping -> readMapping(mapping, attribute(mapping.getAnnotationByName("ConfigMapping").get(),
                        "prefix").orElse("")));
        unit.findAll(AnnotationExpr.class, annotation -> annotation.getNameAsString().equals("ConfigProperty"))
                .forEach(annotation -> {
                    attribute(annotation, "name").ifPresent(keys::add);
                    attribute(annotation, "name").ifPresent(name -> attribute(annotation, "defaultValue")
                            .ifPresent(value -> defaults.put(name, value)));
                });
        unit.findAll(StringLiteralExpr.class).forEach(literal -> collectEnvironmentNames(literal.asString()));
        // Variables read by name rather than through configuration, such as the model providers' standard
        // variables (OPENAI_API_KEY...): the enum constants that name them.
        unit.findAll(EnumConstantDeclaration.class).forEach(constant -> constant.getArguments().stream()
                .filter(Expression::isStringLiteralExpr).map(argument -> argument.asStringLiteralExpr().asString())
                .filter(value -> VARIABLE_NAME.matcher(value).matches())
                .forEach(directEnvironment::add));
        unit.findAll(FieldDeclaration.class, field -> field.isStatic() && field.getElementType().asString().equals("Duration"))
                .forEach(field -> field.getVariables().forEach(variable -> {
                    if (variable.getNameAsString().matches(".*(GRACE|DRAIN).*")) {
                        variable.getInitializer().filter(Expression::isMethodCallExpr).map(Expression::asMethodCallExpr)
                                .filter(call -> call.getArguments().size() == 1
                                        && call.getArgument(0).isIntegerLiteralExpr())
                                .ifPresent(call -> {
                                    long amount = call.getArgument(0).asIntegerLiteralExpr().asNumber().longValue();
                                    long seconds = switch (call.getNameAsString()) {
                                        case "ofMinutes" -> 60;
                                        case "ofHours" -> 3600;
                                        default -> 1;
                                    };
                                    drainConstants.put(variable.getNameAsString(), amount * seconds);
                                });
                    }
                }));
    }

    /**
     * Code constants of a shutdown grace or drain ({@code Duration SHUTDOWN_GRACE = Duration.ofSeconds(20)}), by
     * name, in seconds: the drain time where it is not a setting.
     */
    public Map<String, Long> drainConstants() {
        return drainConstants;
    }

    private void readMapping(ClassOrInterfaceDeclaration type, String prefix) {
        Map<String, ClassOrInterfaceDeclaration> nested = new HashMap<>();
        type.getMembers().stream().filter(member -> member instanceof ClassOrInterfaceDeclaration)
                .map(member -> (ClassOrInterfaceDeclaration) member)
                .forEach(member -> nested.put(member.getNameAsString(), member));
        for (MethodDeclaration method : type.getMethods()) {
            if (method.isStatic() || method.isDefault() || method.getParameters().isNonEmpty()) {
                continue;
            }
            String name = method.getAnnotationByName("WithName").flatMap(a -> attribute(a, "value"))
                    .orElse(kebab(method.getNameAsString()));
            String key = prefix.isEmpty() ? name : prefix + "." + name;
            String returnType = method.getType().asString();
            String element = returnType.replaceAll("^(Optional|List|Set)<(.*)>$", "$2");
            if (nested.containsKey(element)) {
                readMapping(nested.get(element), key);
            } else if (interfaces.containsKey(element)) {
                // A group whose type is shared in common-model (EncryptionSettings).
                readMapping(interfaces.get(element), key);
            } else if (returnType.startsWith("Map<")) {
                mapPrefixes.add(key);
            } else {
                keys.add(key);
                method.getAnnotationByName("WithDefault").flatMap(a -> attribute(a, "value"))
                        .ifPresent(value -> defaults.put(key, value));
            }
        }
        // A mapping that extends a shared interface (common-model's StorageSettings) has its keys too.
        type.getExtendedTypes().forEach(parent -> Optional.ofNullable(interfaces.get(parent.getNameAsString()))
                .ifPresent(shared -> readMapping(shared, prefix)));
    }

    private void collectEnvironmentNames(String text) {
        Matcher matcher = ENV_EXPRESSION.matcher(text);
        while (matcher.find()) {
            directEnvironment.add(matcher.group(1));
        }
    }

    private static Optional<String> attribute(AnnotationExpr annotation, String name) {
        if (annotation instanceof SingleMemberAnnotationExpr single && name.equals("value")) {
            return literal(single.getMemberValue());
        }
        if (annotation instanceof SingleMemberAnnotationExpr single && name.equals("prefix")) {
            return Optional.empty();
        }
        if (annotation instanceof NormalAnnotationExpr normal) {
            return normal.getPairs().stream().filter(pair -> pair.getNameAsString().equals(name)).findFirst()
                    .flatMap(pair -> literal(pair.getValue()));
        }
        return Optional.empty();
    }

    private static Optional<String> literal(Expression expression) {
        return expression.isStringLiteralExpr() ? Optional.of(expression.asStringLiteralExpr().asString())
                : Optional.empty();
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    private static CompilationUnit parse(Path file) {
        JavaParser parser = new JavaParser(new ParserConfiguration()
                .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17));
        try {
            ParseResult<CompilationUnit> result = parser.parse(file);
            return result.getResult().filter(unit -> result.isSuccessful())
                    .orElseThrow(() -> new IllegalArgumentException("Cannot parse " + file + ": "
                            + result.getProblems()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    private static List<Path> javaFiles(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(file -> file.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
