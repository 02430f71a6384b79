package io.tributary.dist.durability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Acknowledged messages against what arrived at the destination, message by message.
 *
 * @param acked      payload ids the publishers got a successful PUBACK for
 * @param records    records that arrived (with repeats)
 * @param unique     distinct payload ids that arrived
 * @param lost       acknowledged ids that never arrived
 * @param duplicates records beyond the first of their id
 */
record Tally(int sent, int acked, int records, int unique, Set<String> lost, int duplicates) {

    /** Compares the acknowledged ids with the payloads that arrived ({@link Publishers#id} is applied). */
    static Tally of(Collection<String> sent, Collection<String> acked, List<String> arrivedPayloads) {
        Set<String> arrived = new HashSet<>();
        for (String payload : arrivedPayloads) {
            arrived.add(Publishers.id(payload));
        }
        Set<String> lost = new TreeSet<>();
        for (String id : acked) {
            if (!arrived.contains(id)) {
                lost.add(id);
            }
        }
        return new Tally(sent.size(), acked.size(), arrivedPayloads.size(), arrived.size(), lost,
                arrivedPayloads.size() - arrived.size());
    }

    /** The first few lost ids, for a failure message. */
    String lostSample() {
        return lost.stream().limit(20).toList().toString();
    }

    /**
     * One line for the test output, also appended to {@code target/durability-results.txt}: what
     * an operator would check after the incident.
     */
    String report(String test, String extra) {
        String line = String.format("%s: sent %d, acked %d, records %d, unique %d, lost %d, duplicates %d%s",
                test, sent, acked, records, unique, lost.size(), duplicates, extra.isEmpty() ? "" : ", " + extra);
        return record(line);
    }

    /** Prints {@code line} and appends it to {@code target/durability-results.txt}. */
    static String record(String line) {
        System.out.println(line);
        try {
            Path file = Path.of("target", "durability-results.txt");
            Files.createDirectories(file.getParent());
            Files.writeString(file, line + System.lineSeparator(), StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.out.println("could not append to durability-results.txt: " + e);
        }
        return line;
    }
}
