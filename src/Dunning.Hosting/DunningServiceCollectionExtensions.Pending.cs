using Dunning.Core;
using Dunning.Core.Eligibility;
using Dunning.Core.Jobs;
using Dunning.Core.Messaging;
using Dunning.Storage.Eligibility;
using Dunning.Storage.Messaging;
using Microsoft.Extensions.DependencyInjection;

namespace Dunning.Hosting;

public static partial class DunningServiceCollectionExtensions
{
    private static void AddSending(IServiceCollection services)
    {
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
        services.AddSingleton<IPersonalizeReminderHandler, PersonalizeReminderHandler>();
    }
}
