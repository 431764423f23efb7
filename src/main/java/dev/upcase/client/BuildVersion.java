package dev.upcase.client;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import picocli.CommandLine.IVersionProvider;

/**
 * {@code --version}: the version and commit the build recorded ({@code META-INF/build-info.properties},
 * {@code git.properties}), read as plain files so that it answers without starting Spring.
 */
public final class BuildVersion implements IVersionProvider {

	@Override
	public String[] getVersion() throws IOException {
		String version = load("META-INF/build-info.properties").getProperty("build.version", "(version unknown)");
		String commit = load("git.properties").getProperty("git.commit.id.abbrev");
		return new String[] { "upcase " + version + (commit != null ? " (commit " + commit + ")" : "") };
	}

	private static Properties load(String resource) throws IOException {
		Properties properties = new Properties();
		try (InputStream in = BuildVersion.class.getClassLoader().getResourceAsStream(resource)) {
			if (in != null) {
				properties.load(in);
			}
		}
		return properties;
	}

}
