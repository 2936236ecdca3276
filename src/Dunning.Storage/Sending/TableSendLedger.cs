using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Dunning.Core;
using Dunning.Core.Sending;

namespace Dunning.Storage.Sending;

/// <summary>
/// The Sends table (PK = lender id, RK = escaped job id) and its SendsByMessageId index
/// (PK = escaped ACS message id, RK = ""), written when a replace records a Sent row's message id.
/// Insert-if-absent and ETag-checked replaces make it the exactly-once anchor of SendSms.
/// </summary>
public sealed class TableSendLedger(DunningStorage storage) : ISendLedger
{
    private readonly TableClient sends = storage.Table(PipelineNames.SendsTable);
    private readonly TableClient byMessageId = storage.Table(PipelineNames.SendsByMessageIdTable);

    public async Task<SendRecord?> TryAddAsync(SendRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        try
        {
            var response = await sends.AddEntityAsync(SendRecordEntity.ToEntity(record), cancellationToken);
            return record with { ETag = response.Headers.ETag?.ToString() };
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return null;
        }
    }

    public async Task<SendRecord?> GetAsync(string lenderId, string jobId, CancellationToken cancellationToken = default)
    {
        var response = await sends.GetEntityIfExistsAsync<TableEntity>(lenderId, TableKeys.Escape(jobId), cancellationToken: cancellationToken);
        return response.HasValue && response.Value is { } entity ? SendRecordEntity.FromEntity(entity) : null;
    }

    public async Task<bool> TryUpdateAsync(SendRecord record, CancellationToken cancellationToken = default) =>
        await TryReplaceAsync(record, cancellationToken) is not null;

    public async Task<SendRecord?> TryReplaceAsync(SendRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.ETag is null)
        {
            throw new ArgumentException("An update needs the ETag the record was read with.", nameof(record));
        }

        if (record is { State: SendState.Sent, MessageId: { } messageId })
        {
            // Recording an accepted send: the index goes first, so no Sent row is ever without it. A crash between
            // the two leaves an index entry for a row still Sending, which a report may move (the row holds no other
            // message id); a lost ETag race leaves an entry that is still true (the message id is this job's).
            await IndexMessageIdAsync(messageId, record.LenderId, record.JobId, cancellationToken);
        }

        try
        {
            var response = await sends.UpdateEntityAsync(SendRecordEntity.ToEntity(record), new ETag(record.ETag), TableUpdateMode.Replace, cancellationToken);
            return record with { ETag = response.Headers.ETag?.ToString() };
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return null;
        }
    }

    public async Task IndexMessageIdAsync(string messageId, string lenderId, string jobId, CancellationToken cancellationToken = default)
    {
        var entity = new TableEntity(TableKeys.Escape(messageId), string.Empty)
        {
            ["LenderId"] = lenderId,
            ["JobId"] = jobId,
        };
        await byMessageId.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<(string LenderId, string JobId)?> FindByMessageIdAsync(string messageId, CancellationToken cancellationToken = default)
    {
        var response = await byMessageId.GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(messageId), string.Empty, cancellationToken: cancellationToken);
        if (!response.HasValue || response.Value is not { } entity)
        {
            return null;
        }

        return (entity.GetString("LenderId"), entity.GetString("JobId"));
    }

    public async IAsyncEnumerable<SendRecord> QueryAsync(
        string lenderId, DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {lenderId} and CreatedAt ge {from} and CreatedAt lt {to}");
        await foreach (var entity in sends.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            yield return SendRecordEntity.FromEntity(entity);
        }
    }
}
