FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=volmify.settings.production \
    PYTHONPATH=/app
WORKDIR /app
# The runtime lock (exact versions, every file's hash), as `make dev` installs it; the project itself
# is imported from /app.
COPY requirements/runtime.txt requirements/runtime.txt
RUN pip install --no-cache-dir --no-deps --require-hashes -r requirements/runtime.txt
COPY . .
RUN python -m volmify.compile_messages \
 && SECRET_KEY=build DATABASE_URL=postgresql://build@localhost/build REDIS_URL=redis://localhost \
    PLATFORM_DOMAIN=build.invalid EMAIL_HOST=localhost python manage.py collectstatic --noinput
RUN mkdir -p /app/media /app/private_media \
 && useradd --create-home volmify && chown -R volmify /app
USER volmify
EXPOSE 8000
CMD ["gunicorn", "volmify.wsgi", "-w", "4", "-b", "0.0.0.0:8000"]
