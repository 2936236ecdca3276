using Dunning.Functions;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

// Wiring only: the composition is FunctionsAppComposition (shared with the host test), the triggers live in
// Functions/, the pipeline's services in Dunning.Hosting (shared with the local host).
var builder = FunctionsApplication.CreateBuilder(args);

builder.AddDunningFunctions();

builder.Build().Run();
