package dev.upcase.server.metrics;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads, and the label names it matches on each: enough of PromQL for the
 * queries of a dashboard. Strings, durations ({@code [5m]}, {@code [$__rate_interval]}) and grouping clauses
 * ({@code by (le)}) are removed first; what is left that looks like an identifier and is not a function call, a
 * keyword or a number is a metric name. A name keeps its suffix ({@code _bucket}, {@code _count}, {@code _sum}),
 * which is what a scrape's sample lines carry too.
 */
final class PromQlMetricNames {

	private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");

	private static final Pattern RANGE = Pattern.compile("\\[[^\\]]*\\]");

	private static final Pattern GROUPING = Pattern
		.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");

	private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)?\\s*\\{([^}]*)\\}");

	private static final Pattern MATCHER_LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(?:=~|!~|!=|=)");

	private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.$])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");

	private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
			"ignoring", "group_left", "group_right", "inf", "nan", "Inf", "NaN");

	private PromQlMetricNames() {
	}

	/** @return each metric name the expression reads, with the label names its selectors match on */
	static Map<String, Set<String>> of(String expression) {
		Map<String, Set<String>> metrics = new LinkedHashMap<>();
		// label matchers first, while their quoted values are intact: a value may contain '}' or ','
		String withoutStrings = STRING.matcher(expression).replaceAll("\"\"");
		Matcher selector = SELECTOR.matcher(withoutStrings);
		StringBuilder bare = new StringBuilder();
		while (selector.find()) {
			String name = selector.group(1);
			if (name != null) {
				Set<String> labels = metrics.computeIfAbsent(name, key -> new LinkedHashSet<>());
				Matcher label = MATCHER_LABEL.matcher(selector.group(2));
				while (label.find()) {
					labels.add(label.group(1));
				}
			}
			selector.appendReplacement(bare, Matcher.quoteReplacement(name != null ? name + " " : " "));
		}
		selector.appendTail(bare);
		String rest = GROUPING.matcher(RANGE.matcher(bare).replaceAll(" ")).replaceAll(" ");
		Matcher identifier = IDENTIFIER.matcher(rest);
		while (identifier.find()) {
			boolean call = identifier.group(2) != null;
			String name = identifier.group(1);
			if (!call && !KEYWORDS.contains(name) && !isExponent(rest, identifier.start())) {
				metrics.computeIfAbsent(name, key -> new LinkedHashSet<>());
			}
		}
		return metrics;
	}

	/** {@code e3} in {@code 1e3} is part of a number, not a name */
	private static boolean isExponent(String text, int start) {
		return start > 0 && Character.isDigit(text.charAt(start - 1));
	}

}
