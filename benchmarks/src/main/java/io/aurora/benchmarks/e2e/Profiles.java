package io.aurora.benchmarks.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Profiles the node with JDK Flight Recorder while a query suite runs: {@code jcmd <pid> JFR.start}
 * with the {@code profile} settings (a Java stack sample every 10 ms per running thread) before the
 * suite and {@code JFR.stop} after it. A query's profile is then the execution samples taken while
 * its Aurora runs were in flight (the runner records each query's wall-clock window), summarized
 * two ways: the methods on top of the stacks (where the CPU is spent) and the first Aurora method
 * on each stack (which part of Aurora it is spent for).
 */
final class Profiles {
  private static final int TOP = 8;
  private static final String RECORDING = "aurora-e2e";

  private Profiles() {}

  /** A method and its share of the samples. */
  record Entry(String method, double share) {}

  /** One query's profile. */
  record Profile(
      String suite,
      String name,
      double ratio,
      long samples,
      List<Entry> selfTop,
      List<Entry> auroraTop) {}

  static void start(Path jcmd, long pid) throws IOException, InterruptedException {
    jcmd(jcmd, pid, "JFR.start", "name=" + RECORDING, "settings=profile");
  }

  static void stop(Path jcmd, long pid, Path file) throws IOException, InterruptedException {
    jcmd(jcmd, pid, "JFR.stop", "name=" + RECORDING, "filename=" + file.toAbsolutePath());
  }

  /** The profile of each query from the samples of its window in the recording. */
  static List<Profile> summarize(Path file, List<QuerySuite.QueryRun> queries) throws IOException {
    int count = queries.size();
    List<Map<String, Long>> self = new ArrayList<>();
    List<Map<String, Long>> aurora = new ArrayList<>();
    long[] samples = new long[count];
    for (int i = 0; i < count; i++) {
      self.add(new HashMap<>());
      aurora.add(new HashMap<>());
    }
    try (RecordingFile recording = new RecordingFile(file)) {
      while (recording.hasMoreEvents()) {
        RecordedEvent event = recording.readEvent();
        if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
          continue;
        }
        RecordedStackTrace stack = event.getStackTrace();
        if (stack == null || stack.getFrames().isEmpty()) {
          continue;
        }
        Instant time = event.getStartTime();
        for (int i = 0; i < count; i++) {
          QuerySuite.QueryRun query = queries.get(i);
          if (time.isBefore(query.auroraStart()) || time.isAfter(query.auroraEnd())) {
            continue;
          }
          samples[i]++;
          List<RecordedFrame> frames = stack.getFrames();
          self.get(i).merge(method(frames.get(0)), 1L, Long::sum);
          for (RecordedFrame frame : frames) {
            String method = method(frame);
            if (method.startsWith("io.aurora.")) {
              aurora.get(i).merge(method, 1L, Long::sum);
              break;
            }
          }
        }
      }
    }
    List<Profile> profiles = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      QuerySuite.QueryRun query = queries.get(i);
      profiles.add(
          new Profile(
              query.suite(),
              query.name(),
              query.auroraHot() / query.duckdbHot(),
              samples[i],
              top(self.get(i), samples[i]),
              top(aurora.get(i), samples[i])));
    }
    return profiles;
  }

  private static String method(RecordedFrame frame) {
    return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
  }

  private static List<Entry> top(Map<String, Long> counts, long samples) {
    List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
    entries.sort(Map.Entry.<String, Long>comparingByValue().reversed());
    List<Entry> top = new ArrayList<>();
    for (int i = 0; i < Math.min(TOP, entries.size()); i++) {
      top.add(new Entry(entries.get(i).getKey(), entries.get(i).getValue() / (double) samples));
    }
    return top;
  }

  private static void jcmd(Path jcmd, long pid, String... arguments)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(jcmd.toString());
    command.add(Long.toString(pid));
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(1, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + output);
    }
  }
}
