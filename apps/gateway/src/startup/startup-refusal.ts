/** Why the gateway will not start (bad token, bad license); printed as one line naming the variable. */
export class StartupRefusal extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable}: ${problem}`);
    this.name = 'StartupRefusal';
  }
}
