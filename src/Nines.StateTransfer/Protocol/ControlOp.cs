namespace Nines.StateTransfer.Protocol;

/// <summary>The control operations.</summary>
internal enum ControlOp : byte
{
    Status = 1,
    Freeze = 2,
    Export = 3,
    Import = 4,
    Resume = 5,
}
