export declare function isLoopbackHost(host: string): boolean;
