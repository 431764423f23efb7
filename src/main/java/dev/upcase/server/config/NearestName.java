package dev.upcase.server.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The real setting a mistyped name most likely meant: the one fewest edits away (a letter added, dropped, changed,
 * or two neighbours swapped), if it is near enough to be a typo rather than another name; failing that, the one
 * setting that ends the same way ({@code upcase.max-connections} for {@code upcase.tcp.max-connections}).
 */
final class NearestName {

	private NearestName() {
	}

	static @Nullable String among(String given, Collection<String> names) {
		String lower = given.toLowerCase(Locale.ROOT);
		String nearest = names.stream()
			.min(Comparator.comparingInt((String name) -> distance(lower, name.toLowerCase(Locale.ROOT)))
				.thenComparing(Comparator.naturalOrder()))
			.orElse(null);
		if (nearest != null && distance(lower, nearest.toLowerCase(Locale.ROOT)) <= Math.max(2,
				given.length() / 4)) {
			return nearest;
		}
		String tail = lower.substring(lower.indexOf('.') + 1).replace('_', '.');
		List<String> endingSo = names.stream()
			.filter(name -> name.toLowerCase(Locale.ROOT).replace('_', '.').endsWith("." + tail))
			.toList();
		return (endingSo.size() == 1) ? endingSo.get(0) : null;
	}

	/** Edit distance with adjacent transpositions (optimal string alignment). */
	static int distance(String a, String b) {
		int[][] d = new int[a.length() + 1][b.length() + 1];
		for (int i = 0; i <= a.length(); i++) {
			d[i][0] = i;
		}
		for (int j = 0; j <= b.length(); j++) {
			d[0][j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			for (int j = 1; j <= b.length(); j++) {
				int cost = (a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1;
				d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
				if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
					d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
				}
			}
		}
		return d[a.length()][b.length()];
	}

}
