package dev.upcase.server.management;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;

import org.springframework.stereotype.Component;

/**
 * {@code jvm.info} ({@code jvm_info} in the scrape) with the Java feature release only ({@code version="17"}, not
 * {@code 17.0.15+6-Debian-1deb12u1}): the scrape and {@code /actuator/metrics} answer without credentials, and an
 * exact build helps an attacker pick an exploit. The feature release is what a dashboard groups by; the exact
 * version is in {@code /actuator/info} for a caller with credentials ({@link AuthenticatedOnlyInfoContributor}).
 */
@Component
class JvmVersionCoarsening implements MeterFilter {

	@Override
	public Meter.Id map(Meter.Id id) {
		String version = id.getTag("version");
		if (!"jvm.info".equals(id.getName()) || version == null) {
			return id;
		}
		return id.replaceTags(id.getTags().stream()
			.map(tag -> tag.getKey().equals("version") ? Tag.of("version", featureRelease(version)) : tag)
			.toList());
	}

	/** @return the leading number of a Java version string ({@code 17} of {@code 17.0.15+6}), or {@code unknown} */
	static String featureRelease(String version) {
		int end = 0;
		while (end < version.length() && Character.isDigit(version.charAt(end))) {
			end++;
		}
		return end > 0 ? version.substring(0, end) : "unknown";
	}

}
