using Nines.Api.Http;
using Nines.Contracts.Model;

namespace Nines.Api.Sequences;

/// <summary>The outcome of <see cref="SequenceOperationRunner.StartAsync"/>: the operation, or why there is none.</summary>
internal sealed record SequenceStart(Operation? Operation, ValidationErrors? Errors, string? Conflict);
