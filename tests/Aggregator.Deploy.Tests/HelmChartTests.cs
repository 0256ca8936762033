using System.Text;
using System.Text.Json;
using Aggregator.Deploy.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace Aggregator.Deploy.Tests;

/// <summary>charts/aggregator through the real helm: lint, schema, and the rendered manifests.</summary>
public sealed class HelmChartTests
{
    /// <summary>External Redis Cluster, ServiceMonitor on, HPA off, signing key from an existing Secret.</summary>
    private const string ExternalClusterValues = """
        replicaCount: 3
        redis:
          connectionString: "redis-0:6379,redis-1:6379,redis-2:6379,password=s3cret"
        auth:
          existingSecret: aggregator-keys
          existingSecretKey: hmac
        autoscaling:
          enabled: false
        serviceMonitor:
          enabled: true
          labels:
            release: kube-prometheus-stack
        dashboard:
          labels:
            grafana_dashboard: "1"
            team: reports
        """;

    /// <summary>Redis and signing key both from existing Secrets, autoscaling as by default.</summary>
    private const string ExistingSecretsValues = """
        redis:
          existingSecret: redis-conn
          existingSecretKey: url
        auth:
          existingSecret: aggregator-keys
        """;

    private static readonly string[] s_standardLabels =
    [
        "app.kubernetes.io/name",
        "app.kubernetes.io/instance",
        "app.kubernetes.io/version",
        "app.kubernetes.io/managed-by",
        "helm.sh/chart",
    ];

    [Fact]
    public async Task Lint_DefaultValues_PassesStrict()
    {
        var result = await Helm.LintAsync();

        Assert.True(result.ExitCode == 0, result.Output);
    }

    [Fact]
    public async Task Lint_NonDefaultValues_PassesStrict()
    {
        var result = await Helm.LintAsync(ExternalClusterValues);

        Assert.True(result.ExitCode == 0, result.Output);
    }

    [Theory]
    [InlineData("replicaCout: 3\n", "replicaCout")]
    [InlineData("serviceMonitor:\n  enabeld: true\n", "enabeld")]
    [InlineData("autoscaling:\n  maxReplicas: many\n", "maxReplicas")]
    public async Task Lint_ValuesViolatingSchema_Fails(string values, string offender)
    {
        var result = await Helm.LintAsync(values);

        Assert.True(result.ExitCode != 0, "helm lint accepted invalid values: " + result.Output);
        Assert.Contains(offender, result.StandardOutput + result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Template_DefaultValues_RendersEmbeddedSingleReplicaSet()
    {
        var resources = await Helm.TemplateAsync();

        var kinds = resources.Select(r => r.Kind).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["ConfigMap", "ConfigMap", "Deployment", "NetworkPolicy", "Secret", "Service", "ServiceAccount"], kinds);
        Assert.Contains(resources, r => r.Kind == "ConfigMap" && r.Name == "agg-aggregator-registry");
        Assert.Contains(resources, r => r.Kind == "ConfigMap" && r.Name == "agg-aggregator-dashboard");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("replicaCount: 5\nautoscaling:\n  enabled: true\npodDisruptionBudget:\n  enabled: true\n")]
    public async Task Template_EmbeddedStore_ForcesOneReplicaWithoutHpaOrPdb(string? values)
    {
        var resources = await Helm.TemplateAsync(values);

        var spec = resources.Single("Deployment").Root.Map("spec");
        Assert.Equal("1", spec.Str("replicas"));
        Assert.Equal("Recreate", spec.Map("strategy").Str("type"));
        Assert.False(resources.Any("HorizontalPodAutoscaler"));
        Assert.False(resources.Any("PodDisruptionBudget"));
        Assert.DoesNotContain(resources.ServerContainer().Seq("env").Maps(), e => e.Str("name") == "Aggregator__Redis__ConnectionString");
    }

    [Theory]
    [InlineData(null)]
    [InlineData(ExternalClusterValues)]
    [InlineData(ExistingSecretsValues)]
    public async Task Template_EveryResource_CarriesStandardLabels(string? values)
    {
        var appVersion = await ChartAppVersionAsync();

        var resources = await Helm.TemplateAsync(values);

        Assert.NotEmpty(resources);
        foreach (var resource in resources)
        {
            foreach (var label in s_standardLabels)
            {
                Assert.True(resource.Labels.ContainsKey(label), $"{resource.Kind}/{resource.Name} lacks label {label}");
            }

            Assert.Equal("aggregator", resource.Labels["app.kubernetes.io/name"]);
            Assert.Equal(Helm.ReleaseName, resource.Labels["app.kubernetes.io/instance"]);
            Assert.Equal(appVersion, resource.Labels["app.kubernetes.io/version"]);
            Assert.Equal("Helm", resource.Labels["app.kubernetes.io/managed-by"]);
        }

        var selector = resources.Single("Deployment").Root.Map("spec").Map("selector").StringMap("matchLabels");
        Assert.False(selector.ContainsKey("app.kubernetes.io/version"), "selector labels must not change on upgrade");
        var podLabels = resources.Single("Deployment").Root.Map("spec").Map("template").Map("metadata").StringMap("labels");
        Assert.All(selector, kv => Assert.Equal(kv.Value, podLabels[kv.Key]));
    }

    [Fact]
    public async Task Template_Deployment_HasGrpcHealthProbesOnPort8080()
    {
        var container = (await Helm.TemplateAsync()).ServerContainer();

        var liveness = container.Map("livenessProbe").Map("grpc");
        Assert.Equal("8080", liveness.Str("port"));
        Assert.True(!liveness.Has("service") || liveness.Str("service") == "", "liveness uses the default health service \"\"");
        var readiness = container.Map("readinessProbe").Map("grpc");
        Assert.Equal("8080", readiness.Str("port"));
        Assert.Equal("readiness", readiness.Str("service"));
    }

    [Fact]
    public async Task Template_Deployment_RunsHardenedAndNonRoot()
    {
        var resources = await Helm.TemplateAsync();

        var container = resources.ServerContainer().Map("securityContext");
        Assert.Equal("true", container.Str("runAsNonRoot"));
        Assert.Equal("true", container.Str("readOnlyRootFilesystem"));
        Assert.Equal("false", container.Str("allowPrivilegeEscalation"));
        Assert.Equal(["ALL"], container.Map("capabilities").Seq("drop").Children.Select(n => ((YamlScalarNode)n).Value));
        Assert.Equal("RuntimeDefault", container.Map("seccompProfile").Str("type"));
        var pod = resources.PodSpec().Map("securityContext");
        Assert.Equal("true", pod.Str("runAsNonRoot"));
        Assert.NotEqual("0", pod.Str("runAsUser"));
        Assert.Equal("false", resources.PodSpec().Str("automountServiceAccountToken"));
    }

    [Fact]
    public async Task Template_Deployment_MountsRegistrySigningKeyAndScratchVolumes()
    {
        var resources = await Helm.TemplateAsync();
        var container = resources.ServerContainer();
        var env = container.Seq("env").Maps().ToDictionary(e => e.Str("name"));
        var mounts = container.Seq("volumeMounts").Maps().ToDictionary(m => m.Str("mountPath"), m => m.Str("name"));
        var volumes = resources.PodSpec().Seq("volumes").Maps().ToDictionary(v => v.Str("name"));

        Assert.Equal("/config/registry.yaml", env["Aggregator__RegistryPath"].Str("value"));
        Assert.Equal("/secrets/signing-key", env["Aggregator__Auth__SigningKeyPath"].Str("value"));
        Assert.Equal("/data", env["Aggregator__DataDirectory"].Str("value"));
        Assert.Equal("/data", env["Aggregator__Redis__DataDirectory"].Str("value"));
        Assert.Equal("agg-aggregator-registry", volumes[mounts["/config"]].Map("configMap").Str("name"));
        var keyVolume = volumes[mounts["/secrets"]].Map("secret");
        Assert.Equal("agg-aggregator", keyVolume.Str("secretName"));
        Assert.Equal("signing-key", keyVolume.Seq("items").Maps().Single().Str("path"));
        Assert.True(volumes[mounts["/tmp"]].Has("emptyDir"));
        Assert.True(volumes[mounts["/data"]].Has("emptyDir"));
        var ports = container.Seq("ports").Maps().ToDictionary(p => p.Str("name"), p => p.Str("containerPort"));
        Assert.Equal("8080", ports["grpc"]);
        Assert.Equal("9464", ports["metrics"]);
        Assert.Equal("5080", ports["web"]);
        Assert.Equal("http://0.0.0.0:5080", env["Aggregator__Endpoints__Web"].Str("value"));
        Assert.True(container.Map("resources").Has("requests"));
    }

    [Fact]
    public async Task Template_Service_ExposesGrpcAndMetricsPorts()
    {
        var service = (await Helm.TemplateAsync()).Single("Service").Root.Map("spec");

        var ports = service.Seq("ports").Maps().ToDictionary(p => p.Str("name"));
        Assert.Equal("8080", ports["grpc"].Str("port"));
        Assert.Equal("grpc", ports["grpc"].Str("appProtocol"));
        Assert.Equal("grpc", ports["grpc"].Str("targetPort"));
        Assert.Equal("9464", ports["metrics"].Str("port"));
        Assert.Equal("metrics", ports["metrics"].Str("targetPort"));
        Assert.Equal("5080", ports["web"].Str("port"));
        Assert.Equal("web", ports["web"].Str("targetPort"));
        Assert.Equal("http", ports["web"].Str("appProtocol"));
    }

    [Fact]
    public async Task Template_GeneratedKeyWithoutACluster_FailsNamingTheFixUnlessAcknowledged()
    {
        var refused = await Helm.TemplateRawAsync(null, acknowledgeGeneratedKey: false);
        var withSecret = await Helm.TemplateRawAsync(ExistingSecretsValues, acknowledgeGeneratedKey: false);
        var withKey = await Helm.TemplateRawAsync("auth:\n  signingKey: 0123456789abcdef0123456789abcdef\n", acknowledgeGeneratedKey: false);

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("auth.existingSecret", refused.Output, StringComparison.Ordinal);
        Assert.Contains("auth.acknowledgeGeneratedKey", refused.Output, StringComparison.Ordinal);
        Assert.True(withSecret.ExitCode == 0, withSecret.Output);
        Assert.True(withKey.ExitCode == 0, withKey.Output);
    }

    [Fact]
    public async Task Template_Persistence_MountsAClaimOnData()
    {
        var created = await Helm.TemplateAsync("persistence:\n  enabled: true\n  size: 8Gi\n  storageClass: fast\n");
        var existing = await Helm.TemplateAsync("persistence:\n  enabled: true\n  existingClaim: my-data\n");
        var none = await Helm.TemplateAsync();

        var claim = created.Single("PersistentVolumeClaim");
        Assert.Equal("agg-aggregator-data", claim.Name);
        Assert.Equal("8Gi", claim.Root.Map("spec").Map("resources").Map("requests").Str("storage"));
        Assert.Equal("fast", claim.Root.Map("spec").Str("storageClassName"));
        Assert.Equal("agg-aggregator-data", DataVolume(created).Map("persistentVolumeClaim").Str("claimName"));
        Assert.False(existing.Any("PersistentVolumeClaim"));
        Assert.Equal("my-data", DataVolume(existing).Map("persistentVolumeClaim").Str("claimName"));
        Assert.False(none.Any("PersistentVolumeClaim"));
        Assert.True(DataVolume(none).Has("emptyDir"));

        static YamlMappingNode DataVolume(IReadOnlyList<RenderedResource> r) => r.PodSpec().Seq("volumes").Named("data");
    }

    [Fact]
    public async Task Template_Default_ReflectionOffAndNetworkPolicyLimitsMetricsToMonitoring()
    {
        var resources = await Helm.TemplateAsync();
        var env = resources.ServerContainer().Seq("env").Maps().ToDictionary(e => e.Str("name"));
        var policy = resources.Single("NetworkPolicy").Root.Map("spec");
        var rules = policy.Seq("ingress").Maps().ToDictionary(r => r.Seq("ports").Maps().Single().Str("port"));

        Assert.Equal("false", env["Aggregator__Reflection__Enabled"].Str("value"));
        Assert.Equal("agg", policy.Map("podSelector").Map("matchLabels").Str("app.kubernetes.io/instance"));
        Assert.True(rules["grpc"].Seq("from").Maps().Single().Has("podSelector"));
        Assert.Equal("monitoring", rules["metrics"].Seq("from").Maps().Single().Map("namespaceSelector").Map("matchLabels").Str("kubernetes.io/metadata.name"));
        Assert.False((await Helm.TemplateAsync("networkPolicy:\n  enabled: false\n")).Any("NetworkPolicy"));
    }

    [Fact]
    public async Task Template_TlsAndOidc_MountsTheTlsSecretMovesProbesToTheHealthPortAndSetsTheProvider()
    {
        const string Values = """
            tls:
              enabled: true
              secretName: aggregator-tls
            auth:
              oidc:
                authority: https://sso.example.gov.cn/realms/jingmen
                audience: aggregator
                roleClaim: groups
                roleMap:
                  gov-city-office: city
            """;
        var resources = await Helm.TemplateAsync(Values);
        var container = resources.ServerContainer();
        var env = container.Seq("env").Maps().ToDictionary(e => e.Str("name"), e => e.Str("value"));
        var mounts = container.Seq("volumeMounts").Maps().ToDictionary(m => m.Str("mountPath"), m => m.Str("name"));
        var volumes = resources.PodSpec().Seq("volumes").Maps().ToDictionary(v => v.Str("name"));
        var ports = container.Seq("ports").Maps().ToDictionary(p => p.Str("name"), p => p.Str("containerPort"));
        var missingSecret = await Helm.TemplateRawAsync("tls:\n  enabled: true\n");
        var defaults = (await Helm.TemplateAsync()).ServerContainer().Seq("env").Maps().Select(e => e.Str("name")).ToList();

        Assert.Equal("/tls/tls.crt", env["Aggregator__Endpoints__Tls__CertificatePath"]);
        Assert.Equal("/tls/tls.key", env["Aggregator__Endpoints__Tls__KeyPath"]);
        Assert.Equal("http://0.0.0.0:8081", env["Aggregator__Endpoints__Health"]);
        Assert.Equal("aggregator-tls", volumes[mounts["/tls"]].Map("secret").Str("secretName"));
        Assert.Equal("8081", ports["health"]);
        Assert.Equal("8081", container.Map("livenessProbe").Map("grpc").Str("port"));
        Assert.Equal("8081", container.Map("readinessProbe").Map("grpc").Str("port"));
        Assert.Equal("https://sso.example.gov.cn/realms/jingmen", env["Aggregator__Auth__Oidc__Authority"]);
        Assert.Equal("aggregator", env["Aggregator__Auth__Oidc__Audience"]);
        Assert.Equal("unit", env["Aggregator__Auth__Oidc__UnitClaim"]);
        Assert.Equal("groups", env["Aggregator__Auth__Oidc__RoleClaim"]);
        Assert.Equal("city", env["Aggregator__Auth__Oidc__RoleMap__gov-city-office"]);
        Assert.True(missingSecret.ExitCode != 0, missingSecret.Output);
        Assert.Contains("tls.secretName", missingSecret.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(defaults, n => n.StartsWith("Aggregator__Auth__Oidc", StringComparison.Ordinal) || n.StartsWith("Aggregator__Endpoints__Tls", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Template_Reminders_WebhookFromTheChartSecretOrAnExistingOne_DaysAndTemplateAsSettings()
    {
        const string Values = """
            reminders:
              webhookUrl: https://oapi.dingtalk.com/robot/send?access_token=abc
              daysBefore: [5, 0]
              daysAfter: [2]
              payloadTemplate: '{"msgtype":"text","text":{"content":"{{text}}"}}'
              checkInterval: "00:30:00"
            """;
        var resources = await Helm.TemplateAsync(Values);
        var env = resources.ServerContainer().Seq("env").Maps().ToDictionary(e => e.Str("name"));
        var secret = resources.Single("Secret").Root;
        var existing = (await Helm.TemplateAsync("reminders:\n  existingSecret: jingmen-robot\n")).ServerContainer().Seq("env").Maps().ToDictionary(e => e.Str("name"));
        var defaults = (await Helm.TemplateAsync()).ServerContainer().Seq("env").Maps().Select(e => e.Str("name")).ToList();
        var badUrl = await Helm.TemplateRawAsync("reminders:\n  webhookUrl: robot.example\n");

        var url = env["Aggregator__Reminders__WebhookUrl"].Map("valueFrom").Map("secretKeyRef");
        Assert.Equal((secret.Map("metadata").Str("name"), "reminders-webhook-url"), (url.Str("name"), url.Str("key")));
        Assert.Equal("https://oapi.dingtalk.com/robot/send?access_token=abc", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(secret.Map("data").Str("reminders-webhook-url"))));
        Assert.Equal(("5", "0", "2"), (env["Aggregator__Reminders__DaysBefore__0"].Str("value"), env["Aggregator__Reminders__DaysBefore__1"].Str("value"), env["Aggregator__Reminders__DaysAfter__0"].Str("value")));
        Assert.Equal("""{"msgtype":"text","text":{"content":"{{text}}"}}""", env["Aggregator__Reminders__PayloadTemplate"].Str("value"));
        Assert.Equal("00:30:00", env["Aggregator__Reminders__CheckInterval"].Str("value"));
        var fromExisting = existing["Aggregator__Reminders__WebhookUrl"].Map("valueFrom").Map("secretKeyRef");
        Assert.Equal(("jingmen-robot", "webhook-url"), (fromExisting.Str("name"), fromExisting.Str("key")));
        Assert.DoesNotContain(defaults, n => n.StartsWith("Aggregator__Reminders", StringComparison.Ordinal));
        Assert.True(badUrl.ExitCode != 0, badUrl.Output);
        Assert.Contains("webhookUrl", badUrl.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Template_DefaultSecret_GeneratesSigningKeyOnly()
    {
        var secret = (await Helm.TemplateAsync()).Single("Secret").Root.Map("data");

        var key = Encoding.UTF8.GetString(Convert.FromBase64String(secret.Str("signing-key")));
        Assert.Equal(64, key.Length);
        Assert.False(secret.Has("redis-connection-string"));
    }

    [Fact]
    public async Task Template_RegistryConfigMap_DefaultsToJingmenSample()
    {
        var configMap = (await Helm.TemplateAsync()).Single(r => r.Kind == "ConfigMap" && r.Name.EndsWith("-registry", StringComparison.Ordinal));

        var registry = new YamlStream();
        registry.Load(new StringReader(configMap.Root.Map("data").Str("registry.yaml")));
        var province = ((YamlMappingNode)registry.Documents[0].RootNode).Seq("units").Maps().Single();
        Assert.Equal("湖北省", province.Str("name"));
        var city = province.Seq("children").Maps().Single();
        Assert.Equal("荆门市", city.Str("name"));
        Assert.Equal("420800", city.Str("division_code"));
        var districts = city.Seq("children").Maps().ToList();
        Assert.Equal(8, districts.Count);
        Assert.All(districts, d => Assert.Equal("district", d.Str("level")));
        Assert.Contains(districts, d => d.Str("id") == "jingmen-zhanghe" && d.Str("name") == "漳河新区" && !d.Has("division_code"));
    }

    [Fact]
    public async Task Template_DashboardConfigMap_CarriesSidecarLabelAndDashboardJson()
    {
        var expected = await File.ReadAllTextAsync(RepoPaths.Combine("charts", "aggregator", "dashboards", "aggregator.json"));

        var configMap = (await Helm.TemplateAsync()).Single(r => r.Kind == "ConfigMap" && r.Name.EndsWith("-dashboard", StringComparison.Ordinal));

        Assert.Equal("1", configMap.Labels["grafana_dashboard"]);
        var json = configMap.Root.Map("data").Str("aggregator.json");
        using var rendered = JsonDocument.Parse(json);
        Assert.Equal("aggregator-submissions", rendered.RootElement.GetProperty("uid").GetString());
        Assert.Equal(expected.TrimEnd(), json.TrimEnd());
    }

    [Fact]
    public async Task Template_DashboardDisabled_RendersNoDashboardConfigMap()
    {
        var resources = await Helm.TemplateAsync("dashboard:\n  enabled: false\n");

        Assert.DoesNotContain(resources, r => r.Name.EndsWith("-dashboard", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Template_ExternalRedisCluster_UsesConnectionStringServiceMonitorAndFixedReplicas()
    {
        var resources = await Helm.TemplateAsync(ExternalClusterValues);

        var deployment = resources.Single("Deployment").Root.Map("spec");
        Assert.Equal("3", deployment.Str("replicas"));
        Assert.Equal("RollingUpdate", deployment.Map("strategy").Str("type"));
        Assert.False(resources.Any("HorizontalPodAutoscaler"));
        Assert.Equal("1", resources.Single("PodDisruptionBudget").Root.Map("spec").Str("minAvailable"));

        var redisRef = resources.ServerContainer().Seq("env").Named("Aggregator__Redis__ConnectionString").Map("valueFrom").Map("secretKeyRef");
        Assert.Equal("agg-aggregator", redisRef.Str("name"));
        var secret = resources.Single("Secret").Root.Map("data");
        Assert.Equal(
            "redis-0:6379,redis-1:6379,redis-2:6379,password=s3cret",
            Encoding.UTF8.GetString(Convert.FromBase64String(secret.Str(redisRef.Str("key")))));
        Assert.False(secret.Has("signing-key"), "the signing key comes from the existing Secret");
        var keyVolume = resources.PodSpec().Seq("volumes").Named("signing-key").Map("secret");
        Assert.Equal("aggregator-keys", keyVolume.Str("secretName"));
        Assert.Equal("hmac", keyVolume.Seq("items").Maps().Single().Str("key"));

        var monitor = resources.Single("ServiceMonitor");
        Assert.Equal("monitoring.coreos.com/v1", monitor.Root.Str("apiVersion"));
        Assert.Equal("kube-prometheus-stack", monitor.Labels["release"]);
        var endpoint = monitor.Root.Map("spec").Seq("endpoints").Maps().Single();
        Assert.Equal("metrics", endpoint.Str("port"));
        Assert.Equal("/metrics", endpoint.Str("path"));
        var service = resources.Single("Service").Root.Map("spec");
        Assert.Contains(service.Seq("ports").Maps(), p => p.Str("name") == endpoint.Str("port"));
        Assert.Equal(
            service.StringMap("selector").OrderBy(kv => kv.Key, StringComparer.Ordinal),
            monitor.Root.Map("spec").Map("selector").StringMap("matchLabels").OrderBy(kv => kv.Key, StringComparer.Ordinal));

        var dashboard = resources.Single(r => r.Kind == "ConfigMap" && r.Name.EndsWith("-dashboard", StringComparison.Ordinal));
        Assert.Equal("reports", dashboard.Labels["team"]);
    }

    [Fact]
    public async Task Template_ExistingSecretsWithAutoscaling_RendersHpaAndNoChartSecret()
    {
        var resources = await Helm.TemplateAsync(ExistingSecretsValues);

        Assert.False(resources.Single("Deployment").Root.Map("spec").Has("replicas"), "the HPA owns the replica count");
        var hpa = resources.Single("HorizontalPodAutoscaler").Root;
        Assert.Equal("autoscaling/v2", hpa.Str("apiVersion"));
        var spec = hpa.Map("spec");
        Assert.Equal("2", spec.Str("minReplicas"));
        Assert.Equal("6", spec.Str("maxReplicas"));
        Assert.Equal("70", spec.Seq("metrics").Maps().Single().Map("resource").Map("target").Str("averageUtilization"));
        Assert.Equal("agg-aggregator", spec.Map("scaleTargetRef").Str("name"));
        Assert.False(resources.Any("Secret"));
        var redisRef = resources.ServerContainer().Seq("env").Named("Aggregator__Redis__ConnectionString").Map("valueFrom").Map("secretKeyRef");
        Assert.Equal("redis-conn", redisRef.Str("name"));
        Assert.Equal("url", redisRef.Str("key"));
        Assert.False(resources.Any("ServiceMonitor"));
    }

    private static async Task<string> ChartAppVersionAsync()
    {
        var chart = new YamlStream();
        chart.Load(new StringReader(await File.ReadAllTextAsync(RepoPaths.Combine("charts", "aggregator", "Chart.yaml"))));
        return ((YamlMappingNode)chart.Documents[0].RootNode).Str("appVersion");
    }
}
