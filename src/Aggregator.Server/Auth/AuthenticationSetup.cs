using System.Security.Claims;
using Aggregator.Domain.Audit;
using Aggregator.Domain.Registry;
using Aggregator.Security;
using Aggregator.Server.Audit;
using Aggregator.Server.Telemetry;
using Aggregator.Server.Web;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Aggregator.Server.Auth;

/// <summary>
/// Bearer authentication: the built-in HMAC scheme (<see cref="Builtin"/>, always on, key ring
/// <see cref="SigningKeyProvider"/>), and with <c>Aggregator:Auth:Oidc:Authority</c> set the identity
/// provider's scheme (<see cref="Oidc"/>) behind a policy scheme (<see cref="Select"/>) that forwards each
/// request by its token's issuer. Both apply <see cref="TokenPolicy.Check"/> and answer a refusal with
/// the reason (<see cref="TokenPolicy.Describe"/>, gRPC status 16 or the JSON API's status).
/// </summary>
public static class AuthenticationSetup
{
    /// <summary>The built-in HMAC scheme (JwtBearer's default name).</summary>
    public const string Builtin = JwtBearerDefaults.AuthenticationScheme;

    /// <summary>The identity provider's scheme.</summary>
    public const string Oidc = "Oidc";

    /// <summary>The policy scheme choosing between the two by the token's issuer.</summary>
    public const string Select = "AggregatorBearer";

    /// <summary>The signing algorithms accepted from an identity provider.</summary>
    public static IReadOnlyList<string> OidcAlgorithms { get; } = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256];

    public static IServiceCollection AddAggregatorAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        var oidc = new OidcOptions();
        configuration.GetSection(OidcOptions.SectionName).Bind(oidc);
        services.AddOptions<OidcOptions>().BindConfiguration(OidcOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => !o.Enabled || !string.IsNullOrWhiteSpace(o.Audience), "Aggregator:Auth:Oidc:Audience is required when Aggregator:Auth:Oidc:Authority is set.")
            .Validate(o => o.RoleMap.Values.All(Roles.IsKnown) && (o.DefaultRole.Length == 0 || Roles.IsKnown(o.DefaultRole)),
                $"Aggregator:Auth:Oidc:RoleMap values and DefaultRole must be Aggregator roles ({string.Join(", ", Roles.All)}).")
            .ValidateOnStart();

        var authentication = services.AddAuthentication(oidc.Enabled ? Select : Builtin);
        authentication.AddJwtBearer(Builtin);
        services.AddOptions<JwtBearerOptions>(Builtin)
            .Configure<SigningKeyProvider, IOptions<AuthOptions>, IServiceProvider>((o, key, auth, sp) =>
            {
                o.MapInboundClaims = false;
                o.RequireHttpsMetadata = false;
                // The ring is read on every token: keys added or retired and units revoked apply once KeyRingWatcher reloads the file.
                o.TokenValidationParameters = TokenIssuer.ValidationParameters(() => key.Ring, auth.Value.Issuer, auth.Value.Audience);
                o.Events = Events(sp, _ => new TokenScheme(auth.Value.Issuer, auth.Value.Audience, [SecurityAlgorithms.HmacSha256], "this server's signing key", key.Ring), map: null);
            });

        if (oidc.Enabled)
        {
            var issuer = oidc.EffectiveIssuer.TrimEnd('/');
            authentication.AddPolicyScheme(Select, "Built-in or identity provider token", o =>
                o.ForwardDefaultSelector = context => string.Equals(IssuerOf(context.Request.Headers.Authorization)?.TrimEnd('/'), issuer, StringComparison.Ordinal) ? Oidc : Builtin);
            authentication.AddJwtBearer(Oidc);
            services.AddSingleton(sp => new OidcConfiguration(
                sp.GetRequiredService<IOptions<OidcOptions>>().Value,
                new HttpClient { Timeout = TimeSpan.FromSeconds(30) },
                TimeProvider.System,
                sp.GetRequiredService<ILoggerFactory>().CreateLogger("Aggregator.Server.Auth")));
            services.AddOptions<JwtBearerOptions>(Oidc)
                .Configure<OidcConfiguration, IOptions<OidcOptions>, IServiceProvider>((o, keys, options, sp) =>
                {
                    var idp = options.Value;
                    o.MapInboundClaims = false;
                    o.RequireHttpsMetadata = idp.RequireHttpsMetadata;
                    o.ConfigurationManager = keys;
                    o.TokenValidationParameters = TokenIssuer.CommonParameters(idp.EffectiveIssuer, idp.Audience, OidcAlgorithms);
                    var scheme = new TokenScheme(idp.EffectiveIssuer, idp.Audience, OidcAlgorithms, $"the identity provider's keys ({idp.EffectiveMetadataAddress})", Ring: null);
                    o.Events = Events(sp, _ => scheme, principal => MapClaims(principal, idp));
                    var received = o.Events.OnMessageReceived;
                    o.Events.OnMessageReceived = async context =>
                    {
                        // A key the provider rotated in is fetched before its first token is checked.
                        await keys.EnsureKeyAsync(context.Request.Headers.Authorization, context.HttpContext.RequestAborted);
                        await received(context);
                    };
                });
        }

        return services;
    }

    /// <summary>
    /// The principal of an identity provider's token in Aggregator's terms: its unit from
    /// <see cref="OidcOptions.UnitClaim"/>, its role from <see cref="OidcOptions.RoleClaim"/> (first value
    /// that is a role or maps to one through <see cref="OidcOptions.RoleMap"/>, else <see cref="OidcOptions.DefaultRole"/>),
    /// as the <c>unit</c> and <c>role</c> claims the rest of the server reads; other claims kept.
    /// </summary>
    /// <exception cref="TokenRefusedException">No unit claim, or no role.</exception>
    public static ClaimsPrincipal MapClaims(ClaimsPrincipal principal, OidcOptions idp)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(idp);
        var unit = principal.FindFirstValue(idp.UnitClaim);
        if (string.IsNullOrWhiteSpace(unit))
        {
            throw new TokenRefusedException("oidc_claims",
                $"The identity provider's token has no '{idp.UnitClaim}' claim naming the user's reporting unit (Aggregator:Auth:Oidc:UnitClaim); the provider's administrator must give the user a unit.");
        }

        var values = principal.FindAll(idp.RoleClaim).Select(c => c.Value).ToList();
        var role = values.Select(v => idp.RoleMap.TryGetValue(v, out var mapped) ? mapped : v).FirstOrDefault(Roles.IsKnown)
            ?? (idp.DefaultRole.Length > 0 ? idp.DefaultRole : null)
            ?? throw new TokenRefusedException("oidc_claims", string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"The identity provider's token has no '{idp.RoleClaim}' value that is or maps to an Aggregator role ({string.Join(", ", Roles.All)}; values: {(values.Count == 0 ? "none" : string.Join(", ", values))}; Aggregator:Auth:Oidc:RoleMap, DefaultRole)."));

        var claims = principal.Claims
            .Where(c => c.Type != idp.UnitClaim && c.Type != idp.RoleClaim && c.Type is not (AggregatorClaims.UnitId or AggregatorClaims.Role))
            .Select(c => new Claim(c.Type, c.Value, c.ValueType, c.Issuer))
            .Append(new Claim(AggregatorClaims.UnitId, unit))
            .Append(new Claim(AggregatorClaims.Role, role));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, Oidc, AggregatorClaims.Subject, AggregatorClaims.Role));
    }

    private static JwtBearerEvents Events(IServiceProvider services, Func<HttpContext, TokenScheme> scheme, Func<ClaimsPrincipal, ClaimsPrincipal>? map)
    {
        var metrics = services.GetRequiredService<AggregatorMetrics>();
        var keys = services.GetRequiredService<SigningKeyProvider>();
        var auth = services.GetRequiredService<IOptions<AuthOptions>>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Aggregator.Server.Auth");
        return new JwtBearerEvents
        {
            OnTokenValidated = context =>
            {
                try
                {
                    if (map is not null)
                    {
                        context.Principal = map(context.Principal!);
                    }

                    TokenPolicy.Check((JsonWebToken)context.SecurityToken, context.Principal!,
                        context.HttpContext.RequestServices.GetRequiredService<RegionTree>(),
                        auth.Value.MaxTokenLifetime,
                        // The clock JwtBearer checks exp and nbf with (the system's), not the injected
                        // TimeProvider a test may have moved: "exp - now" must agree with that check.
                        TimeProvider.System.GetUtcNow(),
                        keys.Ring);
                }
                catch (TokenRefusedException e)
                {
                    context.Fail(e);
                }

                return Task.CompletedTask;
            },
            OnChallenge = context =>
            {
                var (reason, message) = TokenPolicy.Describe(context.AuthenticateFailure, context.Request.Headers.Authorization, scheme(context.HttpContext));
                metrics.AuthDenied(reason);
                Log.AuthenticationFailed(logger, reason);
                // No valid token, so no unit to file it under: the deployment-wide audit trail.
                var audit = context.HttpContext.RequestServices.GetRequiredService<AuditRecorder>();
                audit.RecordDeployment(new AuditEntry(audit.Now, AuditAction.Denied, AuditOutcome.Refused, AuditActors.Of(context.HttpContext), "", 0,
                    statusCode: (int)Grpc.Core.StatusCode.Unauthenticated, detail: context.Request.Path + ": " + reason + ": " + message));
                context.HandleResponse();
                if (GrpcChallenge.IsGrpc(context.Request))
                {
                    // gRPC clients get status 16 with the reason, not a bare HTTP 401.
                    GrpcChallenge.WriteUnauthenticated(context.Response, message);
                    return Task.CompletedTask;
                }

                // The JSON API answers like its transcoded errors: google.rpc.Status JSON.
                return WebEndpointExtensions.WriteUnauthenticatedAsync(context.HttpContext, message);
            },
        };
    }

    /// <summary>The unvalidated <c>iss</c> of a bearer JWT (to pick its scheme); null when there is none.</summary>
    private static string? IssuerOf(string? authorization)
    {
        const string Scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            return new JsonWebToken(authorization[Scheme.Length..].Trim()).Issuer;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
