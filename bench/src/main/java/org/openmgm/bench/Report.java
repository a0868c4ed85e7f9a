package org.openmgm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints the markdown table of a run: {@code Report <jmh.json> <heap.txt> <cpu.txt>} (the JMH JSON result file,
 * the output of {@link HeapPerMfe} and of {@link CpuRates}). Each row gives the measured figure in the unit its target is stated in,
 * JMH's 99.9 % error, the allocation per operation from {@code -prof gc} when present, and the target.
 */
public final class Report {
    private Report() {}

    record Row(String what, String mfes, String result, String error, String cpu, String alloc, String target, String verdict) {}

    public static void main(String[] args) throws Exception {
        List<Row> rows = new ArrayList<>();
        java.util.Map<String, Double> cpu = new java.util.HashMap<>();
        java.util.Map<String, Double> cpuAlloc = new java.util.HashMap<>();
        if (args.length > 2 && Files.exists(Path.of(args[2])))
            for (String line : Files.readAllLines(Path.of(args[2]))) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 4 && f[0].equals("cpu")) cpu.put(f[1] + " " + f[2], Double.parseDouble(f[3]));
                if (f.length >= 5 && f[0].equals("cpu")) cpuAlloc.put(f[1] + " " + f[2], Double.parseDouble(f[4]));
            }
        JsonNode results = new ObjectMapper().readTree(new File(args[0]));
        for (JsonNode r : results) {
            String bench = r.get("benchmark").asText();
            String name = bench.substring(bench.lastIndexOf('.', bench.lastIndexOf('.') - 1) + 1);
            String mfes = r.path("params").path("mfes").asText("");
            JsonNode pm = r.get("primaryMetric");
            double score = pm.get("score").asDouble();
            double err = pm.path("scoreError").asDouble(Double.NaN);
            String unit = pm.get("scoreUnit").asText();
            JsonNode allocNode = r.path("secondaryMetrics").path("gc.alloc.rate.norm");
            String alloc = allocNode.isMissingNode() ? "—" : String.format(Locale.ROOT, "%.0f", allocNode.get("score").asDouble());
            int n = mfes.isEmpty() ? 0 : Integer.parseInt(mfes);
            String what, result, error, target = "—", verdict = "";
            Double cpuNs = cpu.get(name + " " + mfes);
            String cpuText = cpuNs == null ? "—" : cpuRate(name, cpuNs);
            switch (name) {
                case "MembershipBenchmark.addDeleteStarG" -> {
                    what = "(a) (*,G) add+delete, 3 alerted protocols, group without MFEs";
                    result = fmt(score) + " ops/s";
                    error = "± " + fmt(err);
                    target = "≥ 1,000,000 ops/s";
                    verdict = verdict(score, cpuNs == null ? null : 1e9 / cpuNs, 1_000_000);
                }
                case "MembershipBenchmark.addDeleteStarGOnGroupWithMfes" -> {
                    what = "(a') (*,G) add+delete on a group with 4 MFEs";
                    result = fmt(score) + " ops/s";
                    error = "± " + fmt(err);
                }
                case "MfeCreationBenchmark.createMfes" -> {
                    // -prof gc counts the per-iteration set-up (building the table) too: take the thread's own count.
                    Double own = cpuAlloc.get(name + " " + mfes);
                    alloc = own == null ? alloc + " (incl. set-up)" : String.format(Locale.ROOT, "%.0f", own);
                    what = "(b) MFE creation via noCache upcall (2 oifs), +" + MfeCreationBenchmark.BATCH;
                    double perSecond = 1e9 / toNanos(score, unit);
                    result = fmt(perSecond) + " MFEs/s (" + String.format(Locale.ROOT, "%.0f", toNanos(score, unit)) + " ns each)";
                    error = Double.isNaN(err) ? "—" : "± " + String.format(Locale.ROOT, "%.0f ns", toNanos(err, unit));
                    target = "≥ 300,000 MFEs/s";
                    verdict = verdict(perSecond, cpuNs == null ? null : 1e9 / cpuNs, 300_000);
                }
                case "MfeLookupBenchmark.lookup" -> {
                    what = "(c) engine.mfe(sg), random existing keys";
                    result = fmt(score) + " ops/s";
                    error = "± " + fmt(err);
                }
                case "MfeEnumerationBenchmark.enumerateAll" -> {
                    what = "(d) enumerate all MFEs, pages of 1000";
                    double ms = toNanos(score, unit) / 1e6;
                    result = String.format(Locale.ROOT, "%.1f ms", ms);
                    error = Double.isNaN(err) ? "—" : String.format(Locale.ROOT, "± %.1f ms", toNanos(err, unit) / 1e6);
                    if (n >= 1_000_000) {
                        target = "≤ 1000 ms for 1M";
                        verdict = "wall " + (ms <= 1000 ? "met" : String.format(Locale.ROOT, "missed (%.1f×)", ms / 1000))
                                + (cpuNs == null ? "" : "; CPU " + (cpuNs / 1e6 <= 1000 ? "met" : String.format(Locale.ROOT, "missed (%.1f×)", cpuNs / 1e9)));
                    }
                    alloc = allocNode.isMissingNode() ? "—" : String.format(Locale.ROOT, "%.0f (%.0f per MFE)", allocNode.get("score").asDouble(), allocNode.get("score").asDouble() / n);
                }
                case "FastPathBenchmark.forward", "FastPathBenchmark.wrongInterface", "FastPathBenchmark.noMfe" -> {
                    // (f) data plane per-packet path, table of 1000 MFEs (FastPathBenchmark.MFES), no I/O
                    String oifs = r.path("params").path("oifs").asText("");
                    what = switch (name) {
                        case "FastPathBenchmark.forward" -> "(f) data plane fast path: 64-B UDP frame forwarded to " + oifs + " oif(s)";
                        case "FastPathBenchmark.wrongInterface" -> "(f') data plane fast path: frame on a wrong interface (upcall)";
                        default -> "(f'') data plane fast path: frame without MFE (no-cache queue full)";
                    };
                    mfes = "1000";
                    n = 1000;
                    double ns = toNanos(score, unit);
                    result = String.format(Locale.ROOT, "%.1f ns/packet (%.1f Mpps)", ns, 1e3 / ns);
                    error = Double.isNaN(err) ? "—" : String.format(Locale.ROOT, "± %.1f ns", toNanos(err, unit));
                    if (!allocNode.isMissingNode()) alloc = String.format(Locale.ROOT, "%.2f", allocNode.get("score").asDouble());
                    if (name.endsWith("forward")) {
                        target = "0 B/op";
                        verdict = allocNode.isMissingNode() ? "" : allocNode.get("score").asDouble() < 0.5 ? "met" : "missed";
                    }
                }
                default -> {
                    what = name;
                    result = fmt(score) + " " + unit;
                    error = "± " + fmt(err);
                }
            }
            rows.add(new Row(what, mfes.isEmpty() ? "" : String.format(Locale.ROOT, "%,d", n), result, error, cpuText, alloc, target, verdict));
        }
        if (args.length > 1 && Files.exists(Path.of(args[1]))) {
            for (String line : Files.readAllLines(Path.of(args[1]))) {
                String[] f = line.trim().split("\\s+");
                if (f.length == 4 && f[0].equals("heap")) {
                    double perMfe = Double.parseDouble(f[3]);
                    rows.add(new Row("(e) heap per MFE with 2 oifs (used heap after GC)", String.format(Locale.ROOT, "%,d", Integer.parseInt(f[1])),
                            String.format(Locale.ROOT, "%.1f B/MFE", perMfe), "—", "—", "—", "≤ 300 B/MFE",
                            perMfe <= 300 ? "met" : String.format(Locale.ROOT, "missed: %.1f× the target", perMfe / 300)));
                } else if (f.length == 4 && f[0].equals("jol")) {
                    rows.add(new Row("(e') engine object graph per MFE (JOL)", String.format(Locale.ROOT, "%,d", Integer.parseInt(f[1])),
                            String.format(Locale.ROOT, "%.1f B/MFE", Double.parseDouble(f[3])), "—", "—", "—", "≤ 300 B/MFE", ""));
                }
            }
        }
        System.out.println("| Benchmark | MFEs | JMH result (wall clock) | Error (99.9 %) | CPU time per op (CpuRates) | Alloc B/op | Target | Verdict |");
        System.out.println("|---|---:|---:|---:|---:|---:|---|---|");
        for (Row r : rows)
            System.out.println("| " + String.join(" | ", r.what(), r.mfes(), r.result(), r.error(), r.cpu(), r.alloc(), r.target(), r.verdict()) + " |");
    }

    static String cpuRate(String name, double ns) {
        if (name.startsWith("MfeEnumeration")) return String.format(Locale.ROOT, "%.1f ms", ns / 1e6);
        return String.format(Locale.ROOT, "%.0f ns = %s/s", ns, fmt(1e9 / ns));
    }

    /** The verdict on a rate target from the wall-clock rate and, when measured, the CPU-time rate (one core). */
    static String verdict(double wall, Double cpuRate, double target) {
        String w = wall >= target ? "wall met" : String.format(Locale.ROOT, "wall missed (%.0f %%)", 100 * wall / target);
        if (cpuRate == null) return w;
        return w + "; CPU " + (cpuRate >= target ? "met" : String.format(Locale.ROOT, "missed (%.0f %%)", 100 * cpuRate / target));
    }

    static String fmt(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%,.0f", v);
    }

    static double toNanos(double value, String unit) {
        return switch (unit) {
            case "ns/op" -> value;
            case "us/op" -> value * 1e3;
            case "ms/op" -> value * 1e6;
            case "s/op" -> value * 1e9;
            default -> throw new IllegalArgumentException("unit " + unit);
        };
    }
}
