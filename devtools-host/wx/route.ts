/** `wx.navigateTo` & co. called by the mini-program itself. */
import { errorMessage, type PlainObject } from '../guards.ts';
import type { Scheduler } from '../runtime/scheduler.ts';
import { ROUTE_METHODS, type AppService } from '../runtime/app-service.ts';
import { defineAsync, WxFail } from './async-api.ts';

export function routeApis(service: AppService, scheduler: Scheduler): PlainObject {
  const apis: PlainObject = {};
  for (const method of ROUTE_METHODS) {
    apis[method] = defineAsync(method, scheduler, (options) => {
      try {
        return service.route(method, options);
      } catch (error) {
        throw new WxFail(errorMessage(error));
      }
    });
  }
  return apis;
}
