namespace Rootwrap.Matching;

/// <summary>Looks users up (getpwnam and getgrouplist); null for an unknown user.</summary>
public interface IUserDatabase
{
    UserSpec? Lookup(string name);
}
