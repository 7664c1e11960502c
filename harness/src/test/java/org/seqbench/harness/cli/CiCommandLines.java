package org.seqbench.harness.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.seqbench.results.Json;
import picocli.CommandLine;

/**
 * The {@code seqbench} command lines of a CI file, as the shell would pass them: every {@code run:} step (GitHub
 * Actions), {@code script:} line (GitLab CI) and container {@code command}/{@code args} (Kubernetes) of a YAML file,
 * or of the {@code yaml} and {@code sh} blocks of a Markdown page. Multi-line scripts and backslash continuations are
 * joined, the CI variables replaced by sample values ({@link #SAMPLES}), quotes removed and the words split before a
 * shell operator, so that each line can be parsed by seqbench's own command line.
 */
final class CiCommandLines {
    /**
     * The value each CI variable takes in the check: shard 2 of 3. A variable missing here is reported rather than
     * guessed, since a guess could hide a line that splits into other words in CI.
     */
    static final Map<String, String> SAMPLES = Map.of(
            "${{ matrix.shard }}", "2",
            "$((JOB_COMPLETION_INDEX+1))", "2",
            "$CI_NODE_INDEX", "2",
            "$CI_NODE_TOTAL", "3",
            "$SWEEP_ID", "pr-1234",
            "$GITHUB_SHA", "35ff7e2c47621a5cd3523afb38",
            "$SEQBENCH_DB", "jdbc:postgresql://db.example:5432/seqbench?user=ci");

    /** {@code ${{ expr }}}, {@code $((expr))}, {@code ${NAME}} or {@code $NAME}. */
    private static final Pattern VARIABLE =
            Pattern.compile("\\$\\{\\{\\s*(.*?)\\s*}}|\\$\\(\\((.*?)\\)\\)|\\$\\{(\\w+)}|\\$(\\w+)");
    private static final Set<String> SCRIPT_KEYS = Set.of("run", "script", "before_script", "after_script");
    private static final Set<String> SHELLS = Set.of("sh", "bash");
    /** Words after which the next word is a command, as after an operator. */
    private static final Set<String> COMMAND_PREFIXES =
            Set.of("!", "if", "then", "else", "elif", "do", "while", "until", "time", "exec", "{");
    private static final String OPERATORS = ";&|<>()";

    private CiCommandLines() {
    }

    /**
     * One {@code seqbench} command line.
     *
     * @param file where it is
     * @param line its line in the file, from 1; 0 where it could not be found there
     * @param words its arguments after {@code seqbench}, as the shell would pass them
     */
    record Found(Path file, int line, List<String> words) {
        /** {@code file:line: seqbench words}, for a failure message. */
        String where() {
            return file + ":" + (line > 0 ? line : "?") + ": seqbench " + String.join(" ", words);
        }

        /** picocli's parse of the words by the command line {@code seqbench} runs; nothing is executed. */
        CommandLine.ParseResult parse() {
            return SeqbenchCommand.commandLine(List::of).parseArgs(words.toArray(String[]::new));
        }
    }

    /** The YAML documents of {@code file}: all of a YAML file's, or those of a Markdown page's yaml blocks. */
    static List<JsonNode> documents(Path file) throws IOException {
        List<JsonNode> documents = new ArrayList<>();
        for (Block block : blocks(file)) {
            if (block.yaml()) {
                documents.addAll(yaml(file, block));
            }
        }
        return documents;
    }

    /** Every seqbench command line in {@code file}, in the file's order. */
    static List<Found> in(Path file) throws IOException {
        List<String> fileLines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Map<String, Integer> searchedTo = new HashMap<>();
        List<Found> found = new ArrayList<>();
        for (Block block : blocks(file)) {
            List<String> scripts = new ArrayList<>();
            if (block.yaml()) {
                yaml(file, block).forEach(document -> scripts(document, scripts));
            } else {
                scripts.add(block.text());
            }
            for (String script : scripts) {
                for (String[] logical : logicalLines(script)) {
                    for (List<String> words : commands(logical[1])) {
                        found.add(new Found(file, lineOf(logical[0], block, fileLines, searchedTo), words));
                    }
                }
            }
        }
        return found;
    }

    /** A piece of a file to read, lines {@code firstLine} to {@code lastLine} (from 1): all of a YAML file, or one
     * fenced block of a Markdown page. */
    private record Block(boolean yaml, String text, int firstLine, int lastLine) {
    }

    private static List<Block> blocks(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (!file.getFileName().toString().endsWith(".md")) {
            return List.of(new Block(true, text, 1, (int) text.lines().count()));
        }
        List<Block> blocks = new ArrayList<>();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String fence = lines.get(i).strip();
            boolean yaml = fence.equals("```yaml") || fence.equals("```yml");
            boolean shell = fence.equals("```sh") || fence.equals("```bash") || fence.equals("```shell");
            if (!yaml && !shell) {
                continue;
            }
            int start = i + 1;
            StringBuilder body = new StringBuilder();
            for (i = start; i < lines.size() && !lines.get(i).strip().equals("```"); i++) {
                body.append(lines.get(i)).append('\n');
            }
            blocks.add(new Block(yaml, body.toString(), start + 1, i));
        }
        return blocks;
    }

    private static List<JsonNode> yaml(Path file, Block block) throws IOException {
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> iterator = Json.yamlMapper().readerFor(JsonNode.class)
                .readValues(block.text())) {
            while (iterator.hasNext()) {
                documents.add(iterator.next());
            }
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + " (the YAML from line " + block.firstLine() + ") does not parse: "
                    + e.getMessage(), e);
        }
        return documents;
    }

    /** The shell scripts of a YAML tree, in document order. */
    private static void scripts(JsonNode node, List<String> scripts) {
        if (node.isArray()) {
            node.forEach(element -> scripts(element, scripts));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        if (node.path("command").isArray()) {
            List<String> argv = new ArrayList<>();
            node.get("command").forEach(word -> argv.add(word.asText()));
            node.path("args").forEach(word -> argv.add(word.asText()));
            int flag = argv.indexOf("-c");
            if (!argv.isEmpty() && SHELLS.contains(baseName(argv.getFirst())) && flag >= 0 && flag + 1 < argv.size()) {
                scripts.add(argv.get(flag + 1));
            } else if (!argv.isEmpty() && isSeqbench(argv.getFirst())) {
                // No shell: the words go to seqbench as they are; quoted so that the splitting keeps them.
                scripts.add(String.join(" ", argv.stream().map(word -> "'" + word.replace("'", "'\\''") + "'")
                        .toList()));
            }
        }
        node.properties().forEach(field -> {
            JsonNode value = field.getValue();
            if (SCRIPT_KEYS.contains(field.getKey()) && value.isTextual()) {
                scripts.add(value.asText());
            } else if (SCRIPT_KEYS.contains(field.getKey()) && value.isArray()) {
                value.forEach(line -> {
                    if (line.isTextual()) {
                        scripts.add(line.asText());
                    }
                });
            } else if (!field.getKey().equals("command") && !field.getKey().equals("args")) {
                scripts(value, scripts);
            }
        });
    }

    /** The script's lines with backslash continuations joined: each as {first physical line, whole line}. */
    private static List<String[]> logicalLines(String script) {
        List<String[]> lines = new ArrayList<>();
        String first = null;
        StringBuilder logical = new StringBuilder();
        for (String physical : script.split("\n", -1)) {
            if (first == null) {
                first = physical;
            }
            if (physical.endsWith("\\")) {
                logical.append(physical, 0, physical.length() - 1).append(' ');
                continue;
            }
            logical.append(physical);
            lines.add(new String[] {first, logical.toString()});
            first = null;
            logical.setLength(0);
        }
        if (first != null) {
            lines.add(new String[] {first, logical.toString()});
        }
        return lines;
    }

    /** The line of {@code block} holding {@code physical}, after the ones already given for the same text. */
    private static int lineOf(String physical, Block block, List<String> fileLines, Map<String, Integer> searchedTo) {
        String text = physical.strip();
        for (int i = Math.max(searchedTo.getOrDefault(text, 0), block.firstLine() - 1); i < block.lastLine(); i++) {
            if (fileLines.get(i).contains(text)) {
                searchedTo.put(text, i + 1);
                return i + 1;
            }
        }
        return 0;
    }

    /** The words after each {@code seqbench} in command position on one logical line. */
    static List<List<String>> commands(String line) {
        List<Token> tokens = tokens(substitute(line));
        List<List<String>> commands = new ArrayList<>();
        boolean commandPosition = true;
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.operator()) {
                commandPosition = true;
                continue;
            }
            if (commandPosition && isSeqbench(token.text())) {
                List<String> words = new ArrayList<>();
                for (i++; i < tokens.size() && !tokens.get(i).operator(); i++) {
                    words.add(tokens.get(i).text());
                }
                i--;
                commands.add(words);
                commandPosition = false;
                continue;
            }
            commandPosition = commandPosition
                    && (COMMAND_PREFIXES.contains(token.text()) || token.text().matches("\\w+=.*"));
        }
        return commands;
    }

    /** {@code line} with every variable of {@link #SAMPLES} replaced; others stay, for the caller to report. */
    private static String substitute(String line) {
        Matcher matcher = VARIABLE.matcher(line);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String key = matcher.group(1) != null ? "${{ " + matcher.group(1) + " }}"
                    : matcher.group(2) != null ? "$((" + matcher.group(2).replaceAll("\\s", "") + "))"
                    : "$" + (matcher.group(3) != null ? matcher.group(3) : matcher.group(4));
            matcher.appendReplacement(out, Matcher.quoteReplacement(SAMPLES.getOrDefault(key, matcher.group())));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** A shell word, quotes removed, or an operator ({@code ;}, {@code &&}, {@code |}, {@code >}, ...). */
    private record Token(String text, boolean operator) {
    }

    private static List<Token> tokens(String line) {
        List<Token> tokens = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                end = end < 0 ? line.length() : end;
                word.append(line, i + 1, end);
                i = end;
                inWord = true;
            } else if (c == '"') {
                for (i++; i < line.length() && line.charAt(i) != '"'; i++) {
                    char q = line.charAt(i);
                    if (q == '\\' && i + 1 < line.length() && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
                        q = line.charAt(++i);
                    }
                    word.append(q);
                }
                inWord = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(++i));
                inWord = true;
            } else if (c == '#' && !inWord) {
                break;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    tokens.add(new Token(word.toString(), false));
                    word.setLength(0);
                    inWord = false;
                }
            } else if (OPERATORS.indexOf(c) >= 0) {
                // A redirection's number (2>&1) belongs to the operator, not to the command's words.
                boolean ioNumber = inWord && (c == '<' || c == '>') && word.toString().matches("\\d+");
                if (inWord && !ioNumber) {
                    tokens.add(new Token(word.toString(), false));
                }
                word.setLength(0);
                inWord = false;
                int end = i;
                while (end + 1 < line.length() && OPERATORS.indexOf(line.charAt(end + 1)) >= 0) {
                    end++;
                }
                tokens.add(new Token(line.substring(i, end + 1), true));
                i = end;
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            tokens.add(new Token(word.toString(), false));
        }
        return tokens;
    }

    private static boolean isSeqbench(String word) {
        return word.equals("seqbench") || word.endsWith("/seqbench");
    }

    private static String baseName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
