using Nines.Contracts.Model;

namespace Nines.Api.Contracts;

/// <summary>A page of events and the store revision to follow from (<c>GET /v1/events/follow?revision=</c>).</summary>
public sealed record EventPage(IReadOnlyList<EventRecord> Events, long Revision);
