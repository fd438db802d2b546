using Nines.Api.Contracts;
using Nines.Controller.Quotas;

namespace Nines.Api.Images;

/// <summary>What an upload came to: the image stored, or why not (nothing of it is left behind then).</summary>
internal sealed record ImageUploadResult(ImageView? Image, QuotaViolation? Quota, string? Field, string? Error);
