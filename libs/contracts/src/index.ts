export * from './cloud-token';
export * from './topics';
export * from './reports';
export * from './bridge';
export * from './license3j';
export * from './analytics-indices';
export * from './limits';
export * from './automation';
