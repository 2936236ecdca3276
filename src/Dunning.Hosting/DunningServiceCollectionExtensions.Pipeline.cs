using Microsoft.Extensions.DependencyInjection.Extensions;
using Dunning.Core.Experiments;
using Dunning.Core;
using Dunning.Core.Eligibility;
using Dunning.Core.Jobs;
using Dunning.Core.Messaging;
using Dunning.Core.Sending;
using Dunning.Core.Sending.Throughput;
using Dunning.Sms;
using Dunning.Storage.Queues;
using Dunning.Storage.Sending;
using Microsoft.Extensions.Options;
using Dunning.Storage.Eligibility;
using Dunning.Storage.Messaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Dunning.Hosting;

public static partial class DunningServiceCollectionExtensions
{
    private static void AddSending(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ISendLedger, TableSendLedger>();
        services.AddSingleton<QueueOutbox>();
        services.AddSingleton<IOutbox>(sp => sp.GetRequiredService<QueueOutbox>());
        services.AddSingleton<QueueJobQueue>();
        services.AddSingleton<IJobQueue>(sp => sp.GetRequiredService<QueueJobQueue>());
        services.AddSingleton<ISendSmsHandler, SendSmsHandler>();
        services.AddSingleton<ISenderThroughputStore, TableSenderThroughputStore>();
        services.AddAcsSms(sp =>
        {
            var acs = sp.GetRequiredService<IOptions<AcsOptions>>().Value;
            var clientOptions = new SmsClientOptions { TimeProvider = sp.GetRequiredService<TimeProvider>() };
            if (!string.IsNullOrWhiteSpace(acs.ConnectionString))
            {
                return new SmsClient(acs.ConnectionString, clientOptions);
            }

            return acs.Endpoint is { } endpoint
                ? new SmsClient(endpoint, StorageConnection.Credential(acs.ClientId ?? configuration[$"{StorageConnection.Name}:clientId"]), clientOptions)
                : throw new InvalidOperationException("ACS is not configured: set Acs__Endpoint (with the app's identity) or Acs__ConnectionString (emulator).");
        });
    }

    private static void AddPersonalization(IServiceCollection services)
    {
        services.AddSingleton<ISendEligibility, SendEligibility>();
        services.AddSingleton<ICapLedger, TableCapLedger>();
        services.AddSingleton<IContactLog, TableContactLog>();
        services.AddSingleton<ITemplateStore, BlobTemplateStore>();
        services.AddSingleton<TemplateCatalog>();
        services.AddSingleton<ReplyComposer>();
        services.AddSingleton<TemplateUploadService>();
        services.TryAddSingleton<IVariantPolicy, FixedVariantPolicy>();
        services.AddSingleton<IPersonalizeReminderHandler, PersonalizeReminderHandler>();
    }
}
