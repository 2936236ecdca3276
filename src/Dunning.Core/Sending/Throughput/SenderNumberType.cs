namespace Dunning.Core.Sending.Throughput;

/// <summary>What kind of sender id a message goes out from; carriers and ACS set throughput by it.</summary>
public enum SenderNumberType
{
    /// <summary>A local long code (in the US a 10DLC number): throughput comes from the registered campaign, so it is configured.</summary>
    Local,

    /// <summary>A toll-free number (NANP 800, 833, 844, 855, 866, 877, 888).</summary>
    TollFree,

    /// <summary>A short code: 5 or 6 digits.</summary>
    ShortCode,

    /// <summary>An alphanumeric sender id (has letters); ACS limits them per resource, not per id.</summary>
    Alphanumeric,
}
