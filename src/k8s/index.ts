export * from './namespace';
export * from './service';
export * from './network-policy';
