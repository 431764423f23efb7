package dev.upcase.server.tcp;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * {@link MessagePathBenchmark}'s stages measured in CPU time instead of wall-clock time: the thread's own CPU time
 * per operation ({@code ThreadMXBean.getCurrentThreadCpuTime()}), which a machine shared with other work does not
 * inflate (time the thread waits for a core is not counted), where JMH's average time does; and the bytes it
 * allocates per operation (the garbage collector's work to come). Stages run in rounds,
 * one batch each per round in turn, after a warm-up; the medians over rounds are printed with the spread.
 * <pre>
 * bench/path-cpu.sh [ROUNDS] [OPS_PER_BATCH] [STAGE,STAGE...]
 * </pre>
 */
public final class MessagePathCpu {

	private MessagePathCpu() {
	}

	public static void main(String[] args) {
		int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
		int ops = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
		MessagePathBenchmark bench = new MessagePathBenchmark();
		bench.start();
		Map<String, BooleanSupplier> stages = new LinkedHashMap<>();
		stages.put("transform", () -> bench.transform() != null);
		stages.put("meteredTransform", () -> bench.meteredTransform() != null);
		stages.put("flow", bench::flow);
		stages.put("reply", bench::reply);
		stages.put("gateway", bench::gateway);
		stages.put("connection", bench::connection);
		if (args.length > 2) {
			stages.keySet().retainAll(List.of(args[2].split(",")));
		}
		Map<String, List<Double>> results = new LinkedHashMap<>();
		stages.keySet().forEach(name -> results.put(name, new ArrayList<>()));
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		Map<String, Long> allocated = new LinkedHashMap<>();
		try {
			for (int round = -5; round < rounds; round++) { // five rounds of warm-up, not recorded
				for (Map.Entry<String, BooleanSupplier> stage : stages.entrySet()) {
					BooleanSupplier op = stage.getValue();
					boolean all = true;
					long bytes = threads.getCurrentThreadAllocatedBytes();
					long start = threads.getCurrentThreadCpuTime();
					for (int i = 0; i < ops; i++) {
						all &= op.getAsBoolean();
					}
					long nanos = threads.getCurrentThreadCpuTime() - start;
					allocated.put(stage.getKey(), (threads.getCurrentThreadAllocatedBytes() - bytes) / ops);
					if (!all) {
						throw new IllegalStateException(stage.getKey() + " did not answer every request");
					}
					if (round >= 0) {
						results.get(stage.getKey()).add((double) nanos / ops);
					}
				}
			}
		}
		finally {
			bench.stop();
		}
		System.out.printf(Locale.ROOT, "%-18s %12s %12s %12s %12s%n", "stage", "ns CPU/op", "p25", "p75", "bytes/op");
		results.forEach((name, values) -> {
			values.sort(null);
			System.out.printf(Locale.ROOT, "%-18s %12.1f %12.1f %12.1f %12d%n", name, values.get(values.size() / 2),
					values.get(values.size() / 4), values.get(values.size() * 3 / 4), allocated.get(name));
		});
		System.out.printf(Locale.ROOT, "(%d rounds of %,d operations per stage; thread CPU time)%n", rounds, ops);
	}

}
