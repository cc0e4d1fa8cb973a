using Skillgate.Server.Hosting;

// An ordinary ASP.NET Core application that also serves the Anthropic API through Skillgate:
// the gateway's settings are the "Skillgate" section of appsettings.json (or Skillgate__... environment variables).
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSkillgateGateway(builder.Configuration);

var app = builder.Build();

// The application's own routes stay its own: the gateway's middleware only sees /v1/..., /healthz, /readyz and /metrics.
app.MapGet("/", () => "hello from an app that hosts the Skillgate gateway");

app.UseSkillgateGateway();
app.MapSkillgateGateway();

app.Run();
