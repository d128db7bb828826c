/**
 * The Express-versus-Fastify peer: one minimal Nest controller (a JSON list like GET /modules and
 * a JSON echo like a small POST) served by each adapter in its own process, loaded identically.
 * Run as `tsx adapters.ts express|fastify`; the benchmark spawns it.
 */
import 'reflect-metadata';
import { Body, Controller, Get, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';

const LIST = { modules: Array.from({ length: 10 }, (_, i) => ({ id: `module_${i}`, enabled: true, status: 'active', config: { a: i, b: 'x'.repeat(40) }, metrics: { operations: i * 1000, p99: 12.5 } })), total: 10 };

@Controller()
class PeerController {
  @Get('list')
  list() {
    return LIST;
  }

  @Post('echo')
  @HttpCode(200)
  echo(@Body() body: unknown) {
    return { received: body };
  }
}

@Module({ controllers: [PeerController] })
class PeerModule {}

async function main() {
  const kind = process.argv[2];
  const app = kind === 'fastify' ? await NestFactory.create(PeerModule, new FastifyAdapter(), { logger: false }) : await NestFactory.create(PeerModule, new ExpressAdapter(), { logger: false });
  await app.listen(Number(process.env.PORT), '127.0.0.1');
  process.stdout.write(`listening ${kind}\n`);
}

void main();
