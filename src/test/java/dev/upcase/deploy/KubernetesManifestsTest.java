package dev.upcase.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.upcase.server.tcp.TcpProperties;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.dataformat.yaml.YAMLMapper;

import org.springframework.boot.autoconfigure.context.LifecycleProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads every manifest under {@code deploy/kubernetes} into typed Kubernetes objects (fabric8's model) and checks
 * them against the application as it would run in the pod: its own {@code application.properties} and the
 * defaults of {@link TcpProperties} and Spring's {@link LifecycleProperties}, overridden by the ConfigMap and the
 * container's environment, exactly as Spring Boot would bind them. A changed port, path or grace on either side
 * fails here, not in a cluster.
 */
class KubernetesManifestsTest {

	private static final Path KUBERNETES = Path.of("deploy/kubernetes");

	private static final YAMLMapper YAML = new YAMLMapper();

	private static final List<HasMetadata> resources = new ArrayList<>();

	private static Deployment deployment;

	private static Container container;

	/** The pod's view of the configuration: its environment over the jar's application.properties. */
	private static StandardEnvironment pod;

	private static TcpProperties tcp;

	@BeforeAll
	static void readManifestsAndThePodsConfiguration() throws IOException {
		for (Path kustomization : kustomizations()) {
			for (String resource : listed(kustomization)) {
				resources.add(read(kustomization.resolveSibling(resource)));
			}
		}
		deployment = only(Deployment.class);
		container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);

		Map<String, Object> environment = new HashMap<>();
		for (var envFrom : container.getEnvFrom()) {
			environment.putAll(configMap(envFrom.getConfigMapRef().getName()).getData());
		}
		for (EnvVar variable : container.getEnv()) {
			if (variable.getValue() != null) {
				environment.put(variable.getName(), variable.getValue());
			}
		}
		pod = new StandardEnvironment();
		pod.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		pod.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
		pod.getPropertySources().addLast(new SystemEnvironmentPropertySource("pod", environment));
		pod.getPropertySources().addLast(new ResourcePropertySource(new ClassPathResource("application.properties")));
		tcp = Binder.get(pod).bindOrCreate("upcase.tcp", TcpProperties.class);
	}

	@Test
	void everyManifestIsListedInAKustomizationAndParsesIntoATypedObject() throws IOException {
		List<Path> listed = new ArrayList<>();
		for (Path kustomization : kustomizations()) {
			listed.add(kustomization);
			listed.addAll(listed(kustomization).stream().map(kustomization::resolveSibling).toList());
		}
		try (Stream<Path> files = Files.walk(KUBERNETES)) {
			assertThat(files.filter(file -> file.toString().endsWith(".yaml")).map(Path::normalize))
				.as("every YAML file is a kustomization or listed in one")
				.containsExactlyInAnyOrderElementsOf(listed.stream().map(Path::normalize).toList());
		}
		assertThat(resources).extracting(resource -> resource.getClass().getSimpleName())
			.containsExactlyInAnyOrder("ConfigMap", "Deployment", "Service", "Service", "PodDisruptionBudget",
					"HorizontalPodAutoscaler");
	}

	@Test
	void containerPortsAreTheApplicationsPortsOnEveryInterface() {
		assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
		assertThat(containerPort("tcp").getContainerPort()).isEqualTo(tcp.port());
		assertThat(containerPort("management").getContainerPort()).isEqualTo(managementPort());
		assertThat(tcp.host()).as("upcase.tcp.host in the pod").isEqualTo("0.0.0.0");
		assertThat(pod.getProperty("server.address")).as("server.address in the pod").isEqualTo("0.0.0.0");
	}

	@Test
	void probesCallActuatorsProbeGroupsOnTheManagementPort() {
		assertThat(pod.getProperty("management.endpoint.health.probes.enabled", Boolean.class)).isTrue();
		assertProbe(container.getStartupProbe(), "/health/liveness");
		assertProbe(container.getLivenessProbe(), "/health/liveness");
		assertProbe(container.getReadinessProbe(), "/health/readiness");
		assertThat(pod.getProperty("management.endpoint.health.group.readiness.include"))
			.as("readiness follows the endpoints").contains("endpoints");
	}

	/**
	 * No preStop sleep: upcase's own lame duck keeps the pod accepting while kube-proxy on every node learns that it
	 * is terminating (a second or two), for at least the 5 s the sleep used to give; the grace period covers Spring's
	 * whole shutdown phase, in which the lame duck and the drain both run.
	 */
	@Test
	void theLameDuckReplacesPreStopAndTheGracePeriodCoversTheWholeShutdownPhase() {
		LifecycleProperties lifecycle = Binder.get(pod).bindOrCreate("spring.lifecycle", LifecycleProperties.class);
		Duration gracePeriod = Duration.ofSeconds(deployment.getSpec().getTemplate().getSpec()
			.getTerminationGracePeriodSeconds());
		assertThat(container.getLifecycle()).as("no preStop hook").isNull();
		assertThat(tcp.lameDuck()).as("upcase.tcp.lame-duck in the pod").isGreaterThanOrEqualTo(Duration.ofSeconds(5));
		assertThat(tcp.lameDuck().plus(tcp.shutdownGrace())).as("lame duck + shutdown grace in the pod")
			.isLessThan(lifecycle.getTimeoutPerShutdownPhase());
		assertThat(gracePeriod).as("terminationGracePeriodSeconds")
			.isGreaterThan(lifecycle.getTimeoutPerShutdownPhase());
	}

	@Test
	void servicesReachTheNamedPortsOfThePods() {
		Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
		assertThat(podLabels).containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
		Map<String, ServicePort> byName = new HashMap<>();
		for (Service service : all(Service.class)) {
			assertThat(podLabels).as(service.getMetadata().getName() + "'s selector")
				.containsAllEntriesOf(service.getSpec().getSelector());
			assertThat(service.getSpec().getPorts()).as("one port per Service: TCP apart from management")
				.hasSize(1);
			ServicePort port = service.getSpec().getPorts().get(0);
			byName.put(port.getTargetPort().getStrVal(), port);
		}
		assertThat(byName.keySet()).containsExactlyInAnyOrder("tcp", "management");
		assertThat(byName.get("tcp").getPort()).isEqualTo(tcp.port());
		assertThat(byName.get("management").getPort()).isEqualTo(managementPort());
	}

	@Test
	void prometheusScrapesTheOpenPrometheusEndpoint() {
		Map<String, String> annotations = deployment.getSpec().getTemplate().getMetadata().getAnnotations();
		assertThat(annotations).containsEntry("prometheus.io/scrape", "true")
			.containsEntry("prometheus.io/port", String.valueOf(managementPort()))
			.containsEntry("prometheus.io/path", actuatorBasePath() + "/prometheus");
		assertThat(pod.getProperty("management.endpoints.web.exposure.include")).contains("prometheus");
	}

	@Test
	void theOperatorPasswordComesFromASecretAndMemoryIsGuaranteed() {
		SecretKeySelector password = container.getEnv().stream()
			.filter(variable -> variable.getName().equals("SPRING_SECURITY_USER_PASSWORD"))
			.findFirst().orElseThrow().getValueFrom().getSecretKeyRef();
		assertThat(password.getName()).isEqualTo("upcase-operator");
		assertThat(password.getKey()).isEqualTo("password");
		assertThat(password.getOptional()).as("optional: a pod would run on a generated password only its log knows")
			.isNotEqualTo(Boolean.TRUE);
		Map<String, Quantity> requests = container.getResources().getRequests();
		Map<String, Quantity> limits = container.getResources().getLimits();
		assertThat(requests.get("memory")).isEqualTo(limits.get("memory"));
		assertThat(requests).containsKey("cpu");
		PodSpec spec = deployment.getSpec().getTemplate().getSpec();
		assertThat(spec.getSecurityContext().getRunAsNonRoot()).isTrue();
	}

	@Test
	void disruptionsAndAutoscalingFollowTheDeployment() {
		PodDisruptionBudget budget = only(PodDisruptionBudget.class);
		assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
			.containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
		assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isLessThan(deployment.getSpec().getReplicas());
		HorizontalPodAutoscaler autoscaler = only(HorizontalPodAutoscaler.class);
		assertThat(autoscaler.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
		assertThat(autoscaler.getSpec().getScaleTargetRef().getName()).isEqualTo(deployment.getMetadata().getName());
		assertThat(autoscaler.getSpec().getMinReplicas()).isEqualTo(deployment.getSpec().getReplicas());
		assertThat(autoscaler.getSpec().getMetrics()).singleElement()
			.satisfies(metric -> assertThat(metric.getResource().getName()).isEqualTo("cpu"));
	}

	private static void assertProbe(Probe probe, String healthPath) {
		HTTPGetAction get = probe.getHttpGet();
		assertThat(get.getPath()).isEqualTo(actuatorBasePath() + healthPath);
		assertThat(get.getPort().getStrVal()).isEqualTo("management");
	}

	private static int managementPort() {
		return pod.getRequiredProperty("server.port", Integer.class);
	}

	private static String actuatorBasePath() {
		return pod.getProperty("management.endpoints.web.base-path", "/actuator");
	}

	private static ContainerPort containerPort(String name) {
		return container.getPorts().stream().filter(port -> name.equals(port.getName())).findFirst().orElseThrow();
	}

	private static ConfigMap configMap(String name) {
		return all(ConfigMap.class).stream().filter(map -> map.getMetadata().getName().equals(name)).findFirst()
			.orElseThrow();
	}

	private static <T extends HasMetadata> T only(Class<T> type) {
		assertThat(all(type)).as(type.getSimpleName()).hasSize(1);
		return all(type).get(0);
	}

	private static <T extends HasMetadata> List<T> all(Class<T> type) {
		return resources.stream().filter(type::isInstance).map(type::cast).toList();
	}

	private static List<Path> kustomizations() throws IOException {
		try (Stream<Path> files = Files.walk(KUBERNETES)) {
			return files.filter(file -> file.getFileName().toString().equals("kustomization.yaml")).sorted().toList();
		}
	}

	@SuppressWarnings("unchecked")
	private static List<String> listed(Path kustomization) {
		Map<String, Object> content = YAML.readValue(kustomization.toFile(), Map.class);
		return (List<String>) content.getOrDefault("resources", List.of());
	}

	private static HasMetadata read(Path manifest) {
		KubernetesResource resource = YAML.readValue(manifest.toFile(), KubernetesResource.class);
		assertThat(resource).as(manifest.toString()).isInstanceOf(HasMetadata.class);
		return (HasMetadata) resource;
	}

}
