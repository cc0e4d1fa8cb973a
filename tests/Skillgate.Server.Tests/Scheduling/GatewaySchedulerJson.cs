using System.Text;
using Microsoft.Extensions.Configuration;
using Skillgate.Server.Hosting;

namespace Skillgate.Server.Tests.Scheduling;

/// <summary>Binds a <c>skillgate.json</c> text onto gateway options, as <c>skillgate serve</c> does.</summary>
internal static class GatewaySchedulerJson
{
    public static void Bind(GatewayOptions options, string json)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        new ConfigurationBuilder().AddJsonStream(stream).Build().GetSection(GatewayOptions.SectionName).Bind(options);
    }

    public static GatewayOptions Bound(string json)
    {
        var options = new GatewayOptions();
        options.Upstream.BaseUrl = new Uri("http://127.0.0.1:9");
        options.Upstream.Keys.Add("sk-test-one");
        Bind(options, json);
        return options;
    }

    public static IEnumerable<string> Failures(GatewayOptions options) =>
        new GatewayOptionsValidator().Validate(null, options) is { Failed: true } result ? result.Failures : [];
}
