import { controlPlaneTarget } from './bridge.service';

describe('controlPlaneTarget', () => {
  it('maps a bridge path with its query as the gateway wrote it', () => {
    expect(controlPlaneTarget('/sync/_bridge/eventsLatest/_search?group=API_ID&page=0&size=100')).toBe('/internal/bridge/eventsLatest/_search?group=API_ID&page=0&size=100');
    expect(controlPlaneTarget('/sync/_bridge')).toBe('/internal/bridge');
    expect(controlPlaneTarget('/sync/_bridge/environments?hrids=a%2Cb&x=%27')).toBe('/internal/bridge/environments?hrids=a%2Cb&x=%27');
  });

  it('reads the path of an absolute-form request target instead of slicing the raw target', () => {
    expect(controlPlaneTarget('https://eu.cloudgate.local:8091/sync/_bridge/environments?x=1')).toBe('/internal/bridge/environments?x=1');
    expect(controlPlaneTarget('http://gate/sync/_bridge/installation')).toBe('/internal/bridge/installation');
  });

  it('keeps the case-insensitive match Express routed on', () => {
    expect(controlPlaneTarget('/SYNC/_Bridge/environments')).toBe('/internal/bridge/environments');
  });
});
