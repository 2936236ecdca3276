using Dunning.Hosting;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

// Wiring only: the triggers live in Functions/, the services (Core handlers, Storage and SMS adapters, options,
// OpenTelemetry to Azure Monitor, identity-based connections) in Dunning.Hosting, shared with the local host.
var builder = FunctionsApplication.CreateBuilder(args);

builder.ConfigureFunctionsWebApplication();

builder.Services.AddDunning(builder.Configuration);

builder.Build().Run();
