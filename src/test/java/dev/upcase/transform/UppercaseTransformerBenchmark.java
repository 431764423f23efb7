package dev.upcase.transform;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-message cost of the transform alone, by kind of text and size: run with {@code bench/jmh.sh}
 * (not part of the test suite; it only has to compile there).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class UppercaseTransformerBenchmark {

	@Param({ "ascii", "latin1", "cjk", "invalid" })
	public String text;

	@Param({ "32", "4096" })
	public int size;

	private final UppercaseTransformer transformer = new UppercaseTransformer(StandardCharsets.UTF_8);

	private byte[] message;

	@Setup
	public void prepare() {
		String unit = switch (this.text) {
			case "ascii" -> "hello world, the quick brown fox ";
			case "latin1" -> "straße ñandú garçon crème brûlée ";
			case "cjk" -> "你好世界，敏捷的棕色狐狸 ";
			default -> "abc\u00ff";
		};
		byte[] bytes = unit.getBytes(StandardCharsets.UTF_8);
		if (this.text.equals("invalid")) {
			bytes = new byte[] { 'a', 'b', 'c', (byte) 0xff }; // 0xff is never UTF-8
		}
		this.message = new byte[this.size];
		for (int i = 0; i < this.size; i++) {
			this.message[i] = bytes[i % bytes.length];
		}
	}

	@Benchmark
	public byte[] uppercase() {
		return this.transformer.transform(this.message);
	}

}
